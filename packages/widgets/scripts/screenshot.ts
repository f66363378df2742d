/**
 * Serves a demo page (the widgets against the in-page fake API) on 127.0.0.1 and takes PNG
 * screenshots with the system Chromium.
 *
 *   bun scripts/screenshot.ts            # writes .tmp/screenshots/*.png
 *   bun scripts/screenshot.ts --serve    # only serves the demo page, prints its URL
 *
 * CHROMIUM_PATH overrides /usr/bin/chromium; SCREENSHOT_DIR overrides the output folder.
 */
import { mkdirSync } from "node:fs"
import { join, resolve } from "node:path"
import type { Page } from "playwright-core"
import { launchChromium, serveDemo, widgetsRoot } from "./demo-server"

const outDir = resolve(process.env.SCREENSHOT_DIR ?? join(widgetsRoot, ".tmp", "screenshots"))

const { base, stop } = await serveDemo({ entry: "src/test/demo.ts", title: "Switchboard demo", background: "#e2e8f0", style: ".panel { box-sizing: border-box; width: 100%; min-height: 100vh; padding: 12px; background: #fff; }", paths: ["/invite"] })

if (process.argv.includes("--serve")) {
  console.log(`demo: ${base}/?scenario=console (login | console | empty | degraded | panel | account | admin | admin-nav; &lang=en)`)
  console.log(`      ${base}/?scenario=account#account, ${base}/?scenario=admin#admin, ${base}/invite?scenario=invite#demo-invitation-token`)
} else {
  mkdirSync(outDir, { recursive: true })
  const browser = await launchChromium()
  const written: string[] = []
  try {
    /** `query` is "scenario=…" (page /) or a path with its query, e.g. "/invite?scenario=invite#token". */
    const shot = async (name: string, width: number, query: string, act?: (p: Page) => Promise<void>) => {
      const context = await browser.newContext({ viewport: { width, height: 760 }, deviceScaleFactor: 1, locale: "ru-RU", timezoneId: "Europe/Moscow" })
      const p = await context.newPage()
      p.on("pageerror", (e) => console.error(`[${name}] page error:`, e.message))
      await p.goto(query.startsWith("/") ? `${base}${query}` : `${base}/?${query}`)
      await p.waitForFunction(() => document.querySelector("org-console, org-case-list"))
      if (act) await act(p)
      await p.waitForTimeout(250)
      // A full-page capture of a scrolled page shows the sticky bar mid-page.
      await p.evaluate(() => window.scrollTo(0, 0))
      const file = join(outDir, `${name}.png`)
      await p.screenshot({ path: file, fullPage: true })
      written.push(file)
      await context.close()
    }
    const rows = (p: Page) => p.locator("org-case-list tbody tr").first().waitFor()
    const fillInvalid = async (p: Page) => {
      await rows(p)
      await p.locator("org-case-list input[name=title]").fill("Эвакуатор ".repeat(25))
      await p.locator("org-case-list input[name=applicantPhone]").fill("позвонить вечером")
      await p.locator("org-case-list button[type=submit]").click()
      await p.locator("org-case-list #applicantPhone-error").waitFor()
    }

    await shot("login", 1280, "scenario=login", async (p) => {
      await p.locator("org-login input[name=login]").waitFor()
    })
    await shot("login-error", 1280, "scenario=login", async (p) => {
      await p.locator("org-login input[name=login]").fill("operator")
      await p.locator("org-login input[name=password]").fill("wrong")
      await p.locator("org-login button[type=submit]").click()
      await p.locator("org-login [role=alert]").waitFor()
    })
    await shot("login-en-400", 400, "scenario=login&lang=en", async (p) => {
      await p.locator("org-login input[name=login]").waitFor()
    })
    await shot("console", 1280, "scenario=console", async (p) => {
      await rows(p)
      await p.evaluate(() => {
        const w = window as unknown as { fake: { createFromOtherClient(i: { title: string; applicantPhone: string }): void } }
        w.fake.createFromOtherClient({ title: "Новое с другого пульта: ДТП, нужен эвакуатор", applicantPhone: "+7 901 234-56-78" })
      })
      await p.locator("org-case-list tr.fresh").waitFor()
    })
    await shot("keyboard-focus", 1280, "scenario=console", async (p) => {
      await rows(p)
      await p.locator("org-console [part=new-case]").focus()
      await p.keyboard.type("Эвакуатор")
      await p.keyboard.press("Tab")
      await p.keyboard.press("Tab")
    })
    await shot("console-en-degraded", 1280, "scenario=degraded&lang=en", rows)
    // the console's list has no form of its own (new cases open <org-case-create>): the standalone list has
    await shot("create-errors", 1280, "scenario=panel", fillInvalid)
    await shot("console-400", 400, "scenario=console", rows)
    await shot("create-errors-400", 400, "scenario=panel", fillInvalid)
    await shot("panel-400", 400, "scenario=panel", rows)
    await shot("empty", 1280, "scenario=empty", async (p) => {
      await p.locator("org-case-list [part=empty]").waitFor()
    })

    // Account: sessions and the password form.
    const sessions = (p: Page) => p.locator("org-account [part=session]").nth(2).waitFor()
    await shot("account", 1280, "/?scenario=account#account", sessions)
    await shot("account-400", 400, "/?scenario=account#account", sessions)
    await shot("account-password-errors", 1280, "/?scenario=account&lang=en#account", async (p) => {
      await sessions(p)
      await p.locator("org-account #pw-current").fill("wrong-password")
      await p.locator("org-account #pw-next").fill("new-password-1")
      await p.locator("org-account #pw-repeat").fill("new-password-1")
      await p.locator("org-account [part=password-form] button[type=submit]").click()
      await p.locator("org-account #pw-current-error").waitFor()
    })
    await shot("account-password-changed-400", 400, "/?scenario=account#account", async (p) => {
      await sessions(p)
      await p.locator("org-account #pw-current").fill("secret")
      await p.locator("org-account #pw-next").fill("new-password-1")
      await p.locator("org-account #pw-repeat").fill("new-password-1")
      await p.locator("org-account [part=password-form] button[type=submit]").click()
      await p.locator("org-account [part=password-form] [part=notice]").waitFor()
    })

    // Administration: the three tabs, with a created invitation link and a created API key.
    const usersList = (p: Page) => p.locator("org-admin-users tbody tr").nth(3).waitFor()
    const invite = async (p: Page) => {
      await p.locator("org-admin [role=tab][data-tab=invitations]").click()
      await p.locator("org-admin-invitations tbody tr").first().waitFor()
      await p.locator("org-admin-invitations input[name=login]").fill("a.ivanova")
      await p.locator("org-admin-invitations input[name=name]").fill("Алина Иванова")
      await p.locator("org-admin-invitations input[name=email]").fill("a.ivanova@example.test")
      await p.locator("org-admin-invitations input[value=operator]").check()
      await p.locator("org-admin-invitations [part=form] button[type=submit]").click()
      await p.locator("org-admin-invitations [part=created] org-copy-field").waitFor()
      await p.locator("org-admin-invitations tbody tr[data-login='a.ivanova']").waitFor()
    }
    const createKey = async (p: Page) => {
      await p.locator("org-admin [role=tab][data-tab=api-keys]").click()
      await p.locator("org-admin-api-keys tbody tr").first().waitFor()
      await p.locator("org-admin-api-keys input[name=name]").fill("amoCRM")
      await p.locator("org-admin-api-keys input[value=operator]").check()
      await p.locator("org-admin-api-keys input[value=supervisor]").check()
      await p.locator("org-admin-api-keys [part=form] button[type=submit]").click()
      await p.locator("org-admin-api-keys [part=created] org-copy-field").waitFor()
      await p.locator("org-admin-api-keys tbody tr").nth(2).waitFor()
    }
    await shot("admin-users", 1280, "/?scenario=admin#admin", usersList)
    await shot("admin-users-400", 400, "/?scenario=admin#admin", usersList)
    // Users: the edit panel under a row (name, roles, groups, disabled), the admin's own row, groups.
    const editUser = async (p: Page) => {
      await usersList(p)
      await p.locator("org-admin-users tr[data-login='s.smirnov'] [part=edit]").click()
      await p.locator("org-admin-user-edit input[name=name]").waitFor()
      await p.locator("org-admin-user-edit input[name=roles][value=operator]").check()
      await p.locator("org-admin-user-edit input[name=groupIds][value=g3]").check()
    }
    const editSelf = async (p: Page) => {
      await usersList(p)
      await p.locator("org-admin-users tr[data-login='admin'] [part=edit]").click()
      await p.locator("org-admin-user-edit [part=self-note]").waitFor()
    }
    await shot("admin-users-edit", 1280, "/?scenario=admin#admin", editUser)
    await shot("admin-users-edit-400", 400, "/?scenario=admin#admin", editUser)
    await shot("admin-users-edit-self-en", 1280, "/?scenario=admin&lang=en#admin", editSelf)
    await shot("admin-users-edit-self-400", 400, "/?scenario=admin#admin", editSelf)
    await shot("admin-users-edit-errors-en", 1280, "/?scenario=admin&lang=en#admin", async (p) => {
      await usersList(p)
      await p.locator("org-admin-users tr[data-login='m.mekhanikov'] [part=edit]").click()
      await p.locator("org-admin-user-edit input[name=name]").fill("")
      for (const role of ["operator", "mechanic"]) await p.locator(`org-admin-user-edit input[name=roles][value=${role}]`).uncheck()
      await p.locator("org-admin-user-edit [part=save]").click()
      await p.locator("org-admin-user-edit #e-roles-error").waitFor()
    })
    await shot("admin-groups-conflict-400", 400, "/?scenario=admin#admin", async (p) => {
      await usersList(p)
      await p.locator("org-admin-groups input[name=name]").fill("Линия 2")
      await p.locator("org-admin-groups [part=submit]").click()
      await p.locator("org-admin-groups #group-name-error").waitFor()
    })
    await shot("admin-invitations", 1280, "/?scenario=admin#admin", invite)
    await shot("admin-invitations-400", 400, "/?scenario=admin#admin", invite)
    await shot("admin-invitations-errors-en", 1280, "/?scenario=admin&lang=en#admin", async (p) => {
      await p.locator("org-admin [role=tab][data-tab=invitations]").click()
      await p.locator("org-admin-invitations tbody tr").first().waitFor()
      // Client-side checks first (name, roles), then the server's 400 (e-mail) on its field.
      await p.locator("org-admin-invitations input[name=login]").fill("k.novikova")
      await p.locator("org-admin-invitations input[name=email]").fill("no-at-sign")
      await p.locator("org-admin-invitations [part=form] button[type=submit]").click()
      await p.locator("org-admin-invitations #inv-roles-error").waitFor()
      await p.locator("org-admin-invitations input[name=name]").fill("Ксения Новикова")
      await p.locator("org-admin-invitations input[value=operator]").check()
      await p.locator("org-admin-invitations [part=form] button[type=submit]").click()
      await p.locator("org-admin-invitations #f-email-error").waitFor()
    })
    await shot("admin-invitations-revoke", 1280, "/?scenario=admin#admin", async (p) => {
      await p.locator("org-admin [role=tab][data-tab=invitations]").click()
      await p.locator("org-admin-invitations [part=revoke]").first().click()
      await p.locator("org-admin-invitations [part=confirm]").waitFor()
    })
    await shot("admin-api-keys", 1280, "/?scenario=admin#admin", createKey)
    await shot("admin-api-keys-400", 400, "/?scenario=admin#admin", createKey)
    await shot("admin-nav-400", 400, "/?scenario=admin-nav", rows)

    // The invitation link and the sign-in form it leads to.
    const inviteForm = (p: Page) => p.locator("org-invite-accept input[name=password]").waitFor()
    await shot("invite", 1280, "/invite?scenario=invite#demo-invitation-token", inviteForm)
    await shot("invite-400", 400, "/invite?scenario=invite&lang=en#demo-invitation-token", inviteForm)
    await shot("invite-mismatch-400", 400, "/invite?scenario=invite#demo-invitation-token", async (p) => {
      await inviteForm(p)
      await p.locator("org-invite-accept input[name=password]").fill("0123456789")
      await p.locator("org-invite-accept input[name=repeat]").fill("0123456780")
      await p.locator("org-invite-accept button[type=submit]").click()
      await p.locator("org-invite-accept #repeat-error").waitFor()
    })
    await shot("invite-invalid", 1280, "/invite?scenario=invite-invalid#used-or-unknown-token", async (p) => {
      await inviteForm(p)
      await p.locator("org-invite-accept input[name=password]").fill("0123456789")
      await p.locator("org-invite-accept input[name=repeat]").fill("0123456789")
      await p.locator("org-invite-accept button[type=submit]").click()
      await p.locator("org-invite-accept [data-code=token_invalid]").waitFor()
    })
    await shot("invite-accepted-login-400", 400, "/invite?scenario=invite#demo-invitation-token", async (p) => {
      await inviteForm(p)
      await p.locator("org-invite-accept input[name=password]").fill("0123456789")
      await p.locator("org-invite-accept input[name=repeat]").fill("0123456789")
      await p.locator("org-invite-accept button[type=submit]").click()
      await p.locator("org-login [part=notice]").waitFor()
    })
    await shot("session-ended", 1280, "scenario=console", async (p) => {
      await rows(p)
      await p.evaluate(async () => {
        const w = window as unknown as { fake: { endSession(): void; subscribed(t: string): Promise<{ serverClose(c: number): void }> } }
        const socket = await w.fake.subscribed("case.created")
        w.fake.endSession()
        socket.serverClose(4401)
      })
      await p.locator("org-login [part=notice]").waitFor()
    })
  } finally {
    await browser.close()
    stop()
  }
  for (const file of written) console.log(file)
}
