/**
 * Entry of the self-contained browser bundle (`dist/embed.js`, Lit included):
 *
 *   <script type="module" src="/widgets/embed.js"></script>
 *   <org-case-list token="…"></org-case-list>
 */
export * from "./index.js"
