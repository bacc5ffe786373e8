// The offline API docs: Swagger UI (vendored) reading the server's own OpenAPI file.
window.addEventListener("load", () => {
  window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });
});
