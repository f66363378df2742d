/**
 * A stand-in for a CRM (Bitrix24, amoCRM, your own) that embeds Switchboard's
 * <org-case-list>. Its backend holds an admin API key and, for each page view,
 * mints a short-lived widget token for the CRM user's Switchboard login; the
 * browser never sees the API key.
 *
 *   SWITCHBOARD_URL=http://localhost:3000 SWITCHBOARD_API_KEY=sbk_… WIDGET_USER=operator bun serve.ts
 */
const switchboard = (process.env.SWITCHBOARD_URL ?? "http://localhost:3000").replace(/\/$/, "")
const apiKey = process.env.SWITCHBOARD_API_KEY
const widgetUser = process.env.WIDGET_USER ?? "operator"
const port = Number(process.env.PORT ?? 4000)
if (!apiKey) {
  console.error("Set SWITCHBOARD_API_KEY to an API key with the admin role (console → Administration → API keys).")
  process.exit(1)
}

const mintToken = async () => {
  const res = await fetch(`${switchboard}/api/v1/auth/widget-tokens`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ login: widgetUser, ttlSeconds: 900 }),
  })
  if (!res.ok) throw new Error(`Switchboard refused the widget token: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { token: string }).token
}

const escape = (s: string) => s.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)

const page = (token: string) => `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme CRM — сделка</title>
<script type="module" src="${switchboard}/widgets/embed.js"></script>
<style>
  body { margin: 0; font-family: system-ui, sans-serif; background: #eef1f5; color: #1f2937; }
  header { background: #1e3a5f; color: #fff; padding: 12px 20px; font-weight: 600; }
  main { display: grid; grid-template-columns: 1fr 420px; gap: 16px; padding: 16px; }
  .deal { background: #fff; border-radius: 8px; padding: 16px; }
  aside { background: #fff; border-radius: 8px; padding: 8px; }
  @media (max-width: 900px) { main { grid-template-columns: 1fr; } }
</style>
</head>
<body>
<header>Acme CRM</header>
<main>
  <section class="deal">
    <h2>Сделка №4711: ООО «Ромашка»</h2>
    <p>Контакт: Иван Петров, +7 916 555-12-34</p>
    <p>Этап: переговоры</p>
  </section>
  <aside>
    <org-case-list token="${escape(token)}" base-url="${escape(switchboard)}"></org-case-list>
  </aside>
</main>
</body>
</html>`

const server = Bun.serve({
  port,
  hostname: process.env.HOST ?? "127.0.0.1",
  fetch: async (req) => {
    const path = new URL(req.url).pathname
    if (path === "/favicon.ico") return new Response(null, { status: 204 })
    if (path !== "/") return new Response("not found", { status: 404 })
    try {
      return new Response(page(await mintToken()), { headers: { "content-type": "text/html; charset=utf-8" } })
    } catch (e) {
      return new Response(String(e), { status: 502 })
    }
  },
})
console.log(`Example CRM page on http://${server.hostname}:${server.port} embedding ${switchboard} as ${widgetUser}`)
