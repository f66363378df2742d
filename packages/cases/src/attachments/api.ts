/** Browser-safe schemas and events of journal attachments (re-exported by @org/cases). */
export {}
