// A small OpenAPI 3.0 description of the OGC API (the `service-desc` of the landing page): its paths and the items
// parameters with their limits, which clients such as GDAL read for the page size.
import { LIMIT_DEFAULT, LIMIT_MAX } from './params';

const json = (description: string, type = 'application/json') => ({ description, content: { [type]: { schema: { type: 'object' } } } });
const problem = (description: string) => json(description, 'application/problem+json');
const param = (name: string, description: string, schema: Record<string, unknown>, where = 'query', required = false) => ({
  name,
  in: where,
  description,
  required,
  schema,
  ...(where === 'query' ? { style: 'form', explode: false } : {}),
});

export function openApi(baseUrl: string, crsUris: readonly string[]): Record<string, unknown> {
  const collectionId = param('collectionId', 'a collection id (see /collections)', { type: 'string' }, 'path', true);
  const crs = param('crs', 'the CRS of the returned coordinates (axis order as the CRS defines it)', {
    type: 'string',
    format: 'uri',
    enum: crsUris,
  });
  const items = [
    collectionId,
    param('limit', 'features per page', { type: 'integer', minimum: 1, maximum: LIMIT_MAX, default: LIMIT_DEFAULT }),
    param('bbox', 'lower and upper corner in the bbox-crs axis order', {
      type: 'array',
      minItems: 4,
      maxItems: 4,
      items: { type: 'number' },
    }),
    param('bbox-crs', 'the CRS of bbox (CRS84 by default)', { type: 'string', format: 'uri', enum: crsUris }),
    crs,
    param('properties', 'the properties to return, comma-separated', { type: 'array', items: { type: 'string' } }),
    param('cursor', 'where a page starts: set by the next link', { type: 'integer', minimum: 0 }),
  ];
  const get = (summary: string, parameters: unknown[], ok: unknown) => ({
    get: { summary, parameters, responses: { 200: ok, 400: problem('a bad parameter'), 404: problem('not found') } },
  });
  return {
    openapi: '3.0.3',
    info: { title: 'CIM viewer: OGC API Features', version: '1.0.0', description: "The shared city's layers and grid." },
    servers: [{ url: baseUrl }],
    paths: {
      '/': get('landing page', [], json('links to the API')),
      '/conformance': get('conformance classes', [], json('the classes implemented')),
      '/api': get('this document', [], json('OpenAPI 3.0', 'application/vnd.oai.openapi+json;version=3.0')),
      '/collections': get('the collections', [], json('every collection')),
      '/collections/{collectionId}': get('one collection', [collectionId], json('the collection')),
      '/collections/{collectionId}/queryables': get(
        'its queryable properties',
        [collectionId],
        json('a JSON Schema', 'application/schema+json'),
      ),
      '/collections/{collectionId}/items': get(
        'its features, a page at a time',
        items,
        json('a FeatureCollection', 'application/geo+json'),
      ),
      '/collections/{collectionId}/items/{featureId}': get(
        'one feature',
        [collectionId, param('featureId', 'the feature id', { type: 'string' }, 'path', true), crs],
        json('a Feature (grid items with an ETag)', 'application/geo+json'),
      ),
    },
  };
}
