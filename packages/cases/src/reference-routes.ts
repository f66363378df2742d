/**
 * /api/v1/cases/reference — dictionaries, their items and partners. Everyone
 * signed in reads; admins and supervisors edit; archiving a whole dictionary
 * is for admins.
 */
import { type AppEnv, type AppRuntime, type Database, endpoint } from "@org/core/server"
import { Effect, Schema } from "effect"
import { Hono } from "hono"
import {
  DictionaryDto, DictionaryKey, ItemDto, ItemPage, ItemUpdate, MAX_PAGE, NewDictionary, NewItem, PartnerDto, PartnerInput, PartnerPage,
  PartnerUpdate, Reference, Text, Uuid,
} from "./reference-service"

const tags = ["reference"]
const editors = ["admin", "supervisor"] as const

const KeyParam = Schema.Struct({ key: DictionaryKey })
const ItemParams = Schema.Struct({ key: DictionaryKey, id: Uuid })
const IdParam = Schema.Struct({ id: Uuid })

const Flag = Schema.optional(Schema.Literals(["true", "false"]))
const paging = {
  q: Schema.optional(Text(200)),
  includeArchived: Flag,
  limit: Schema.optional(Schema.NumberFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: MAX_PAGE }))),
  cursor: Schema.optional(Uuid),
}
const ItemsQuery = Schema.Struct({ ...paging, parent: Schema.optional(Uuid) })
const PartnersQuery = Schema.Struct({ ...paging, kind: Schema.optional(Schema.Literals(["partner", "dealer"])), service: Schema.optional(Uuid), city: Schema.optional(Uuid) })

const withReference = <A, E, R>(f: (s: Reference["Service"]) => Effect.Effect<A, E, R>) => Effect.flatMap(Effect.service(Reference), f)

export const makeReferenceRoutes = (runtime: AppRuntime<Reference | Database>) => {
  const ep = endpoint(runtime)
  return new Hono<AppEnv>()
    .get("/dictionaries", ep({
      summary: "Dictionaries of the tenant (archived ones with includeArchived=true)", tags,
      query: Schema.Struct({ includeArchived: Flag }), response: Schema.Struct({ items: Schema.Array(DictionaryDto) }),
    }, ({ query }) => withReference((s) => s.listDictionaries({ includeArchived: query.includeArchived === "true" })).pipe(Effect.map((items) => ({ items })))))
    .post("/dictionaries", ep({
      summary: "Create a dictionary (409 when the key is taken)", tags, roles: editors, status: 201, body: NewDictionary, response: DictionaryDto,
    }, ({ body }) => withReference((s) => s.createDictionary(body))))
    .post("/seed", ep({
      summary: "Add the starter reference books the case-type templates use (cities, programs, makes and models, reasons…); safe to repeat",
      tags, roles: ["admin"], response: Schema.Struct({ dictionaries: Schema.Number, items: Schema.Number }),
    }, () => withReference((s) => s.seedDefaults())))
    .post("/dictionaries/:key/archive", ep({ summary: "Archive a dictionary", tags, roles: ["admin"], params: KeyParam, status: 204 },
      ({ params }) => withReference((s) => s.archiveDictionary(params.key))))
    .get("/dictionaries/:key/items", ep({
      summary: "Items of a dictionary by sort order and label; q searches code and labels, parent gives the children of an item", tags,
      params: KeyParam, query: ItemsQuery, response: ItemPage,
    }, ({ params, query }) => withReference((s) => s.listItems(params.key, { ...query, includeArchived: query.includeArchived === "true" }))))
    .post("/dictionaries/:key/items", ep({
      summary: "Add an item to a dictionary (409 when the code is taken)", tags, roles: editors, status: 201, params: KeyParam, body: NewItem, response: ItemDto,
    }, ({ params, body }) => withReference((s) => s.createItem(params.key, body))))
    .put("/dictionaries/:key/items/:id", ep({
      summary: "Replace an item (409 with currentVersion when `version` is stale)", tags, roles: editors, params: ItemParams, body: ItemUpdate, response: ItemDto,
    }, ({ params, body: { version, ...item } }) => withReference((s) => s.updateItem(params.key, params.id, item, version))))
    .post("/dictionaries/:key/items/:id/archive", ep({ summary: "Archive an item", tags, roles: editors, params: ItemParams, status: 204 },
      ({ params }) => withReference((s) => s.archiveItem(params.key, params.id))))
    .get("/partners", ep({
      summary: "Partners and dealers by name; q searches name, address, e-mail and phones; filters by kind, service type and city", tags,
      query: PartnersQuery, response: PartnerPage,
    }, ({ query }) => withReference((s) => s.listPartners({ ...query, includeArchived: query.includeArchived === "true" }))))
    .post("/partners", ep({
      summary: "Add a partner or dealer", tags, roles: editors, status: 201, body: PartnerInput, response: PartnerDto,
    }, ({ body }) => withReference((s) => s.createPartner(body))))
    .get("/partners/:id", ep({ summary: "One partner", tags, params: IdParam, response: PartnerDto },
      ({ params }) => withReference((s) => s.getPartner(params.id))))
    .put("/partners/:id", ep({
      summary: "Replace a partner (409 with currentVersion when `version` is stale)", tags, roles: editors, params: IdParam, body: PartnerUpdate, response: PartnerDto,
    }, ({ params, body: { version, ...partner } }) => withReference((s) => s.updatePartner(params.id, partner, version))))
    .post("/partners/:id/archive", ep({ summary: "Archive a partner", tags, roles: editors, params: IdParam, status: 204 },
      ({ params }) => withReference((s) => s.archivePartner(params.id))))
}
