/** Browser-safe schemas and events of applicants recognised by phone (re-exported by @org/cases). */
export {}
