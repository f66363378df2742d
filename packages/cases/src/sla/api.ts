/** Browser-safe schemas and events of SLA targets, calendars and breaches (re-exported by @org/cases). */
export {}
