/** Browser-safe schemas and events of case search (re-exported by @org/cases). */
export {}
