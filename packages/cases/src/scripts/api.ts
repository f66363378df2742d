/** Browser-safe schemas and events of questionnaire scripts (re-exported by @org/cases). */
export {}
