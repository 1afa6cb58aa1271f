export interface OpenApiOperation {
  /** Lower case, as in the document: `get`, `post`, … */
  method: string;
  path: string;
}

/** Every operation of the gateway's OpenAPI document, for sweeps over the whole API. */
export async function openApiOperations(baseUrl: string): Promise<OpenApiOperation[]> {
  const response = await fetch(`${baseUrl}/api/docs-json`);
  const document = (await response.json()) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => ({ method, path })),
  );
}
