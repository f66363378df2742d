/** Case types as data: definitions, their consistency check, state machine, numbers, templates. */
export * from "./definition"
export { checkDefinition } from "./check-definition"
export { checkMove, initialState, isEmpty, missingFields, missingOnCreate, movesFrom, stateOf, type FieldValues, type MoveCheck } from "./moves"
export { formatCaseNumber, tokensOf } from "./number-format"
export { caseTypeTemplates, equipmentTemplate, hotlineTemplate, roadsideTemplate } from "./templates"
