/** Browser-safe schemas and events of partner services inside a case and the hand-off to back office (re-exported by @org/cases). */
export {}
