import { css, html, nothing, type PropertyValues, type TemplateResult } from "lit"
import {
  CaseCardApi,
  type CaseTypeDefinition,
  type ScriptDto,
  type ScriptQuestion,
  type ScriptRunDto,
  type TypedCaseDto,
} from "../api/case-card.js"
import { ApiError } from "../api/errors.js"
import { CaseUpdatedEvent, type ValuePickEvent } from "../case-card-events.js"
import { ApiController } from "../lib/api-controller.js"
import { LiveTopicsController } from "../lib/live-topics.js"
import { dictionaryStore } from "../lib/case-desk-cache.js"
import { fieldInputText, label, parseNumber } from "../lib/case-fields.js"
import { define, OrgElement } from "../lib/org-element.js"
import { describeError, type ErrorText } from "../lib/problem.js"
import { controls, notes, tokens } from "../lib/styles.js"
import "./org-dictionary-select.js"

/**
 * `<org-case-script>`: the questionnaire script of a case, one question at a time — choice
 * buttons, yes/no, inputs by kind, info texts — with Back and a list of the questions to jump
 * to. Each answer is written into the case (the field the question names) by the server, and
 * the case as it is then is announced for the case panel to show; a bad answer (an invalid VIN …)
 * is shown by the input. An unfinished run is resumed.
 *
 * @attr case-id
 * @attr type-key - the case type (its scripts are offered)
 * @prop case - the case (prefills answers from the fields questions write to)
 * @prop definition - the case type (names of those fields)
 * @attr token, base-url
 * @fires org-case-updated - {@link CaseUpdatedEvent} after each answer, with the case as it is now
 * @csspart start, question, option, answer-input, next, back, jump, field-error, error
 */
export class OrgCaseScript extends OrgElement {
  static override properties = {
    caseId: { type: String, attribute: "case-id" },
    typeKey: { type: String, attribute: "type-key" },
    case: { attribute: false },
    definition: { attribute: false },
    token: { type: String },
    baseUrl: { type: String, attribute: "base-url" },
    _scripts: { state: true },
    _run: { state: true },
    _script: { state: true },
    _chosen: { state: true },
    _state: { state: true },
    _error: { state: true },
    _fieldError: { state: true },
    _busy: { state: true },
    _text: { state: true },
    _pick: { state: true },
    _listOpen: { state: true },
  }

  declare caseId: string
  declare typeKey: string
  declare case: TypedCaseDto | null
  declare definition: CaseTypeDefinition | null
  declare token: string | undefined
  declare baseUrl: string | undefined
  declare _scripts: ScriptDto[]
  declare _run: ScriptRunDto | null
  declare _script: ScriptDto | null
  declare _chosen: string
  declare _state: "loading" | "ready" | "error"
  declare _error: ErrorText | null
  declare _fieldError: string | null
  declare _busy: boolean
  declare _text: string | null
  declare _pick: string | null | undefined
  declare _listOpen: boolean

  readonly #api = new ApiController(this)
  #key = ""
  #seq = 0
  /** Another screen of the same case moved the run: follow it. */
  readonly #live = new LiveTopicsController(this, this.#api, ["case.script_run"], (_topic, payload) => {
    const p = payload as { caseId?: string; run?: ScriptRunDto } | undefined
    const run = p?.run
    if (!run || (p.caseId ?? run.caseId) !== this.caseId || this._busy) return
    const cur = this._run
    if (cur && cur.id === run.id && cur.updatedAt >= run.updatedAt) return
    if (cur && cur.id !== run.id && run.finished) return
    void this.#show(run)
  })

  constructor() {
    super()
    this.caseId = ""
    this.typeKey = ""
    this.case = null
    this.definition = null
    this._scripts = []
    this._run = null
    this._script = null
    this._chosen = ""
    this._state = "loading"
    this._error = null
    this._fieldError = null
    this._busy = false
    this._text = null
    this._pick = undefined
    this._listOpen = false
  }

  /** The run shown (null before one is started). */
  get run(): ScriptRunDto | null {
    return this._run
  }

  #calls(): CaseCardApi {
    return new CaseCardApi(this.#api.client)
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed)
    this.#live.sync()
    const key = `${this.caseId}|${this.typeKey}`
    if (key !== this.#key) {
      this.#key = key
      void this.reload()
    }
  }

  async reload(): Promise<void> {
    const seq = ++this.#seq
    if (!this.caseId || !this.typeKey) return
    this._state = "loading"
    this._error = null
    try {
      const [scripts, runs] = await Promise.all([
        this.#calls().scripts(this.typeKey, { lang: this.locale }),
        this.#calls().scriptRuns(this.caseId, { lang: this.locale }),
      ])
      if (seq !== this.#seq) return
      this._scripts = scripts.filter((s) => !s.archived)
      this._chosen = this._scripts[0]?.key ?? ""
      const run = [...runs].sort((a, b) => Number(a.finished) - Number(b.finished) || b.updatedAt.localeCompare(a.updatedAt))[0] ?? null
      if (run) await this.#show(run)
      else {
        this._run = null
        this._script = null
      }
      if (seq === this.#seq) this._state = "ready"
    } catch (error) {
      if (seq !== this.#seq) return
      this._error = describeError(error, (k) => this.t(k))
      this._state = "error"
    }
  }

  /** Shows `run` (fetching its script version when not among the listed ones). */
  async #show(run: ScriptRunDto): Promise<void> {
    let script = this._script?.key === run.scriptKey && this._script.version === run.scriptVersion ? this._script : null
    script ??= this._scripts.find((s) => s.key === run.scriptKey && s.version === run.scriptVersion) ?? null
    script ??= await this.#calls().script(run.scriptKey, run.scriptVersion, { lang: this.locale })
    this._script = script
    this._run = run
    this._text = null
    this._pick = undefined
    this._fieldError = null
    const q = this.#current()
    if (q?.kind === "dictionary" && this.#dictionaryOf(q)) void dictionaryStore(this.#api.client, this.#dictionaryOf(q)).ensure()
  }

  /** A dictionary question's dictionary: its own, else that of the field it writes to. */
  #dictionaryOf(q: ScriptQuestion): string {
    return q.dictionary ?? (q.writeTo ? this.definition?.fields.find((f) => f.key === q.writeTo)?.dictionary : undefined) ?? ""
  }

  #current(): ScriptQuestion | undefined {
    const run = this._run
    if (!run?.current) return undefined
    return this._script?.definition.questions.find((q) => q.id === run.current)
  }

  async #start(): Promise<void> {
    const key = this._chosen || this._scripts[0]?.key
    if (!key || this._busy) return
    this._busy = true
    this._error = null
    try {
      const run = await this.#calls().startRun(this.caseId, key, { lang: this.locale })
      await this.#show(run)
      await this.#focusQuestion()
    } catch (error) {
      this._error = describeError(error, (k) => this.t(k))
    } finally {
      this._busy = false
    }
  }

  async #focusQuestion(): Promise<void> {
    await this.updateComplete
    const target = this.renderRoot.querySelector<HTMLElement>("[data-answer-input], [part~=option], [part~=next]")
    target?.focus()
  }

  /** Sends the answer to the current question. */
  async answer(value: unknown): Promise<boolean> {
    const run = this._run
    const q = this.#current()
    if (!run || !q || this._busy) return false
    this._busy = true
    this._error = null
    this._fieldError = null
    try {
      const result = await this.#calls().answer(this.caseId, run.id, q.id, value, { lang: this.locale })
      await this.#show(result.run)
      if (result.case) this.dispatchEvent(new CaseUpdatedEvent(result.case))
      await this.#focusQuestion()
      return true
    } catch (error) {
      if (error instanceof ApiError && error.fields.length) {
        this._fieldError = error.fields.map((f) => f.message).join(" ")
        await this.updateComplete
        this.renderRoot.querySelector<HTMLElement>("[data-answer-input]")?.focus()
      } else this._error = describeError(error, (k) => this.t(k))
      return false
    } finally {
      this._busy = false
    }
  }

  async #back(): Promise<void> {
    const run = this._run
    if (!run || this._busy) return
    await this.#step(() => this.#calls().back(this.caseId, run.id, { lang: this.locale }))
  }

  /** Goes to any question of the script. */
  jump(questionId: string): Promise<void> {
    return this.#jump(questionId)
  }

  async #jump(questionId: string): Promise<void> {
    const run = this._run
    if (!run || this._busy) return
    await this.#step(() => this.#calls().jump(this.caseId, run.id, questionId, { lang: this.locale }))
  }

  async #step(call: () => Promise<ScriptRunDto>): Promise<void> {
    this._busy = true
    this._error = null
    try {
      await this.#show(await call())
      await this.#focusQuestion()
    } catch (error) {
      this._error = describeError(error, (k) => this.t(k))
    } finally {
      this._busy = false
    }
  }

  /** What the input of the current question holds now. */
  #textValue(q: ScriptQuestion): string {
    if (this._text !== null) return this._text
    const prior = this._run?.answers[q.id]
    if (prior !== undefined && prior !== null && typeof prior !== "object") return String(prior)
    const field = q.writeTo ? this.definition?.fields.find((f) => f.key === q.writeTo) : undefined
    const current = q.writeTo ? this.case?.values[q.writeTo] : undefined
    return field && current !== undefined ? fieldInputText(field, current, this.locale) : ""
  }

  #submitInput(q: ScriptQuestion): void {
    if (q.kind === "info") {
      void this.answer(null)
      return
    }
    if (q.kind === "dictionary") {
      const v = this._pick !== undefined ? this._pick : ((this._run?.answers[q.id] as string | undefined) ?? (q.writeTo ? (this.case?.values[q.writeTo] as string | undefined) : undefined) ?? null)
      if (!v && q.required) {
        this._fieldError = this.t("common.required")
        return
      }
      void this.answer(v)
      return
    }
    const text = this.#textValue(q).trim()
    if (!text) {
      if (q.required) {
        this._fieldError = this.t("common.required")
        return
      }
      void this.answer(null)
      return
    }
    if (q.kind === "number") {
      const n = parseNumber(text)
      if (!n.ok) {
        this._fieldError = this.t(n.error)
        return
      }
      void this.answer(n.value)
      return
    }
    void this.answer(text)
  }

  #answerText(q: ScriptQuestion, value: unknown): string {
    if (value === null || value === undefined) return "—"
    if (q.kind === "yes_no") return value === true ? this.t("card.script.yes") : value === false ? this.t("card.script.no") : String(value)
    if (q.kind === "choice") {
      const o = q.options?.find((x) => x.value === value)
      return o ? label(o.label, this.locale) : String(value)
    }
    if (q.kind === "dictionary" && this.#dictionaryOf(q) && typeof value === "string") {
      const item = dictionaryStore(this.#api.client, this.#dictionaryOf(q)).get(value)
      return item ? label(item.label, this.locale) : value
    }
    return typeof value === "object" ? JSON.stringify(value) : String(value)
  }

  protected override render(): TemplateResult {
    if (this._state === "loading" && !this._run) return html`<p class="line muted" aria-busy="true">${this.t("app.loading")}</p>`
    if (this._state === "error") {
      return html`<div class="alert pad-alert" role="alert" part="error">
        <p>${this._error?.message}</p>
        <button class="btn small" type="button" @click=${() => this.reload()}>${this.t("app.retry")}</button>
      </div>`
    }
    const run = this._run
    return html`<div class="wrap">
      ${run && this._script ? this.#renderRun(run, this._script) : this.#renderStart()}
      ${this._error
        ? html`<div class="alert" role="alert" part="error"><p>${this._error.message}</p>${this._error.detail ? html`<p>${this._error.detail}</p>` : nothing}</div>`
        : nothing}
    </div>`
  }

  #renderStart(): TemplateResult {
    if (!this._scripts.length) return html`<p class="none muted">${this.t("card.script.none")}</p>`
    return html`<div class="start">
      <p class="muted">${this.t("card.script.intro")}</p>
      <div class="start-row">
        ${this._scripts.length > 1
          ? html`<select class="input" aria-label=${this.t("card.script.pick")} @change=${(e: Event) => (this._chosen = (e.target as HTMLSelectElement).value)}>
              ${this._scripts.map((s) => html`<option value=${s.key} ?selected=${s.key === this._chosen}>${label(s.name, this.locale)}</option>`)}
            </select>`
          : html`<strong>${label(this._scripts[0]!.name, this.locale)}</strong>`}
        <button class="btn primary" part="start" type="button" ?disabled=${this._busy} @click=${() => this.#start()}>${this.t("card.script.start")}</button>
      </div>
    </div>`
  }

  #renderRun(run: ScriptRunDto, script: ScriptDto): TemplateResult {
    const q = this.#current()
    const questions = script.definition.questions
    return html`
      <div class="script-head">
        <span class="script-name">${label(script.name, this.locale)}</span>
        <span class="muted small">${run.finished ? this.t("card.script.finished") : this.t("card.script.step", { n: run.path.length + 1 })}</span>
      </div>
      ${run.finished || !q ? this.#renderFinished(run, script) : this.#renderQuestion(run, q)}
      <div class="jump">
        <button class="btn small ghost" type="button" aria-expanded=${this._listOpen ? "true" : "false"} aria-controls="qlist" @click=${() => (this._listOpen = !this._listOpen)}>
          ${this.t("card.script.questions", { count: questions.length })} <span aria-hidden="true">${this._listOpen ? "▴" : "▾"}</span>
        </button>
        <ol id="qlist" class="qlist" ?hidden=${!this._listOpen}>
          ${questions.map((x) => {
            const answered = Object.prototype.hasOwnProperty.call(run.answers, x.id)
            const current = x.id === run.current
            return html`<li>
              <button
                class="q"
                part="jump"
                type="button"
                data-question=${x.id}
                aria-current=${current ? "step" : "false"}
                ?data-answered=${answered}
                ?disabled=${this._busy || current}
                @click=${() => this.#jump(x.id)}
              >
                <span class="q-mark" aria-hidden="true">${current ? "●" : answered ? "✓" : "○"}</span>
                <span class="q-text">${label(x.text, this.locale)}</span>
                ${answered && x.kind !== "info" ? html`<span class="q-answer">${this.#answerText(x, run.answers[x.id])}</span>` : nothing}
              </button>
            </li>`
          })}
        </ol>
      </div>
    `
  }

  #renderFinished(run: ScriptRunDto, script: ScriptDto): TemplateResult {
    const answered = script.definition.questions.filter((q) => Object.prototype.hasOwnProperty.call(run.answers, q.id) && q.kind !== "info")
    return html`<div class="finished" part="finished">
      <p class="done">${this.t("card.script.doneText")}</p>
      ${answered.length
        ? html`<dl class="summary">
            ${answered.map((q) => html`<dt>${label(q.text, this.locale)}</dt><dd>${this.#answerText(q, run.answers[q.id])}</dd>`)}
          </dl>`
        : nothing}
      <div class="actions">
        ${run.path.length ? html`<button class="btn" part="back" type="button" ?disabled=${this._busy} @click=${() => this.#back()}>${this.t("card.script.back")}</button>` : nothing}
        <button class="btn" type="button" ?disabled=${this._busy} @click=${() => this.#start()}>${this.t("card.script.restart")}</button>
      </div>
    </div>`
  }

  #renderQuestion(run: ScriptRunDto, q: ScriptQuestion): TemplateResult {
    const field = q.writeTo ? this.definition?.fields.find((f) => f.key === q.writeTo) : undefined
    const errId = "q-error"
    return html`<form
      class="question"
      part="question"
      data-question=${q.id}
      data-kind=${q.kind}
      novalidate
      @submit=${(e: Event) => {
        e.preventDefault()
        this.#submitInput(q)
      }}
    >
      <p class="q-title" id="q-title">${label(q.text, this.locale)}</p>
      ${q.hint ? html`<p class="hint">${label(q.hint, this.locale)}</p>` : nothing}
      ${field ? html`<p class="writes muted small">${this.t("card.script.writesTo", { field: label(field.label, this.locale) })}</p>` : nothing}
      ${this.#renderAnswer(run, q, errId)}
      ${this._fieldError ? html`<span id=${errId} class="field-error" part="field-error" role="alert">${this._fieldError}</span>` : nothing}
      <div class="actions">
        ${run.path.length
          ? html`<button class="btn" part="back" type="button" ?disabled=${this._busy} @click=${() => this.#back()}>← ${this.t("card.script.back")}</button>`
          : nothing}
        ${q.kind === "choice" || q.kind === "yes_no"
          ? nothing
          : html`<button class="btn primary" part="next" type="submit" ?disabled=${this._busy}>${q.next ? this.t("card.script.next") : this.t("card.script.finish")} →</button>`}
      </div>
    </form>`
  }

  #renderAnswer(run: ScriptRunDto, q: ScriptQuestion, errId: string): TemplateResult | typeof nothing {
    const invalid = this._fieldError ? "true" : "false"
    const described = this._fieldError ? errId : undefined
    const prior = run.answers[q.id]
    switch (q.kind) {
      case "info":
        return nothing
      case "choice":
        return html`<div class="options" role="group" aria-labelledby="q-title">
          ${(q.options ?? []).map(
            (o) => html`<button class="btn option" part="option" type="button" data-value=${o.value} aria-pressed=${prior === o.value ? "true" : "false"} ?disabled=${this._busy} @click=${() => this.answer(o.value)}>
              ${label(o.label, this.locale)}
            </button>`,
          )}
        </div>`
      case "yes_no":
        return html`<div class="options" role="group" aria-labelledby="q-title">
          <button class="btn option" part="option" type="button" data-value="yes" aria-pressed=${prior === true ? "true" : "false"} ?disabled=${this._busy} @click=${() => this.answer(true)}>${this.t("card.script.yes")}</button>
          <button class="btn option" part="option" type="button" data-value="no" aria-pressed=${prior === false ? "true" : "false"} ?disabled=${this._busy} @click=${() => this.answer(false)}>${this.t("card.script.no")}</button>
        </div>`
      case "dictionary":
        return html`<org-dictionary-select
          data-answer-input
          part="answer-input"
          lang=${this.locale}
          .dictionary=${this.#dictionaryOf(q)}
          .value=${this._pick !== undefined ? this._pick : ((prior as string | undefined) ?? (q.writeTo ? ((this.case?.values[q.writeTo] as string | undefined) ?? null) : null))}
          .label=${label(q.text, this.locale)}
          .invalid=${!!this._fieldError}
          .description=${this._fieldError ?? undefined}
          @org-value-pick=${(e: ValuePickEvent) => {
            this._pick = e.value
            this._fieldError = null
          }}
        ></org-dictionary-select>`
      default: {
        const type = q.kind === "date" ? "date" : q.kind === "phone" ? "tel" : "text"
        return html`<input
          class="input"
          part="answer-input"
          data-answer-input
          type=${type}
          inputmode=${q.kind === "number" ? "decimal" : q.kind === "phone" ? "tel" : nothing}
          autocomplete="off"
          aria-labelledby="q-title"
          aria-invalid=${invalid}
          aria-describedby=${described ?? nothing}
          .value=${this.#textValue(q)}
          @input=${(e: Event) => {
            this._text = (e.target as HTMLInputElement).value
            this._fieldError = null
          }}
        />`
      }
    }
  }

  static override styles = [
    tokens,
    controls,
    notes,
    css`
      :host {
        display: block;
      }
      .muted {
        color: var(--_muted);
      }
      .small {
        font-size: 12px;
      }
      .line {
        margin: 0;
        padding: 12px;
      }
      .wrap {
        padding: 10px 12px 12px;
      }
      .pad-alert {
        margin: 12px;
      }
      .alert {
        margin-top: 10px;
      }
      .start p {
        margin: 0 0 8px;
      }
      .none {
        margin: 2px 0;
      }
      .start-row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px;
      }
      .start-row select {
        width: auto;
        min-width: 200px;
      }
      .script-head {
        display: flex;
        justify-content: space-between;
        align-items: baseline;
        gap: 8px;
        margin-bottom: 8px;
      }
      .script-name {
        font-weight: 600;
        font-size: 12px;
        color: var(--_muted);
        text-transform: uppercase;
        letter-spacing: 0.03em;
      }
      .question {
        padding: 12px;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_surface);
      }
      .q-title {
        margin: 0 0 4px;
        font-size: 15px;
        font-weight: 600;
        line-height: 1.35;
      }
      .question[data-kind="info"] .q-title {
        font-weight: 500;
      }
      .hint {
        margin: 0 0 6px;
        color: var(--_muted);
      }
      .writes {
        margin: 0 0 8px;
      }
      .options {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        margin-top: 6px;
      }
      .option {
        min-width: 72px;
      }
      .option[aria-pressed="true"] {
        border-color: var(--_primary);
        background: color-mix(in srgb, var(--_primary) 8%, var(--_bg));
      }
      .question .input,
      .question org-dictionary-select {
        margin-top: 6px;
        max-width: 420px;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        justify-content: flex-end;
        gap: 6px;
        margin-top: 10px;
      }
      .jump {
        margin-top: 10px;
      }
      .qlist {
        margin: 6px 0 0;
        padding: 0;
        list-style: none;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
      }
      .qlist[hidden] {
        display: none;
      }
      .qlist li + li {
        border-top: 1px solid var(--_border);
      }
      .q {
        display: grid;
        grid-template-columns: 16px minmax(0, 1fr) auto;
        align-items: baseline;
        gap: 6px;
        width: 100%;
        padding: 5px 8px;
        border: 0;
        background: transparent;
        font: inherit;
        font-size: 12px;
        text-align: left;
        cursor: pointer;
      }
      .q:hover:not(:disabled) {
        background: var(--_row-hover);
      }
      .q:disabled {
        cursor: default;
      }
      .q[aria-current="step"] {
        background: color-mix(in srgb, var(--_primary) 7%, var(--_bg));
        font-weight: 600;
      }
      .q-mark {
        color: var(--_muted);
      }
      .q[data-answered] .q-mark {
        color: var(--_success);
      }
      .q-answer {
        color: var(--_muted);
        max-width: 160px;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .finished .done {
        margin: 0 0 8px;
        font-weight: 600;
        color: var(--_success);
      }
      .summary {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
        gap: 4px 12px;
        margin: 0;
        font-size: 12px;
      }
      .summary dt {
        color: var(--_muted);
      }
      .summary dd {
        margin: 0;
      }
      .btn.small {
        height: 26px;
        padding: 0 9px;
        font-size: 12px;
      }
    `,
  ]
}

define("org-case-script", OrgCaseScript)

declare global {
  interface HTMLElementTagNameMap {
    "org-case-script": OrgCaseScript
  }
}
