/**
 * The REST API's reference at /docs/api: Scalar's viewer (self-hosted at /docs/api/scalar.js)
 * rendering /api/v1/openapi.json. Both scripts carry the request's CSP nonce; the viewer is told
 * to load no web fonts, send no telemetry, offer no request client, agent or proxy, so it needs
 * nothing beyond this origin (font-src and connect-src stay 'self').
 */
const CONFIG = {
  url: "/api/v1/openapi.json",
  withDefaultFonts: false,
  telemetry: false,
  hideClientButton: true,
  hideTestRequestButton: true,
  showDeveloperTools: "never",
  agent: { disabled: true },
  mcp: { disabled: true },
  proxyUrl: "",
};

export function ApiDocsScreen({ nonce }: { nonce: string | undefined }) {
  return (
    <>
      <noscript>
        <p className="p-6">The API reference needs JavaScript. The OpenAPI document is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
      </noscript>
      {/* Not id="api-reference": the bundle mounts itself, unconfigured, on an element with that id. */}
      <div id="candor-api-reference" data-testid="api-reference" />
      <script nonce={nonce} src="/docs/api/scalar.js" defer />
      {/* Deferred scripts run before DOMContentLoaded: the viewer is loaded when this starts it. */}
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: `document.addEventListener("DOMContentLoaded",function(){Scalar.createApiReference("#candor-api-reference",${JSON.stringify(CONFIG)})});` }} />
    </>
  );
}
