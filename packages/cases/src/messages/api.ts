/** Browser-safe schemas and events of messages to the applicant (re-exported by @org/cases). */
export {}
