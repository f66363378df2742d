/** Browser-safe schemas and events of the case desk's analytics (re-exported by @org/cases). */
export {}
