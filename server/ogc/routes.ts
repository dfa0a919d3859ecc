// OGC API Features Part 1 (Core, GeoJSON, OpenAPI 3.0) with Part 2 CRSs and Part 3 queryables as equality filters, at
// /ogc: read by GDAL, QGIS and ArcGIS without plug-ins. The city's layers are public ('read-city' needs no session).
import type { App, AppCtx } from '../app';
import { HttpError, send } from '../http/router';
import { cityMetricSrid, findCollection, listCollections, type Collection } from './collections';
import { CGCS2000_URI, CRS84, pickCrs, supportedCrs } from './crs';
import { countItems, gridEtag, queryItem, queryItems } from './items';
import { openApi } from './openapi';
import { checkFormat, parseItemsQuery, rejectUnknown } from './params';

const JSON_TYPE = 'application/json';
const GEOJSON = 'application/geo+json';
const OPENAPI = 'application/vnd.oai.openapi+json;version=3.0';

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
];

/** This API's root as the client reached it (links are absolute: GDAL follows them verbatim). */
function baseUrl(ctx: AppCtx): string {
  const host = String(ctx.req.headers.host ?? '');
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host))
    throw new HttpError(400, 'missing or malformed Host header');
  const fwd = String(ctx.req.headers['x-forwarded-proto'] ?? '')
    .split(',')[0]
    .trim();
  return `${fwd === 'https' ? 'https' : 'http'}://${host}/ogc`;
}

/** A request with only `f` (or nothing) as its query. */
function plain(ctx: AppCtx): void {
  rejectUnknown(ctx.query, ['f']);
  checkFormat(ctx.query);
}

async function collectionOr404(app: App, id: string): Promise<Collection> {
  const c = await findCollection(app.db, id);
  if (!c) throw new HttpError(404, `no collection "${id}" (see /ogc/collections)`);
  return c;
}

function collectionDoc(base: string, c: Collection, crs: readonly string[]) {
  const self = `${base}/collections/${encodeURIComponent(c.id)}`;
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    itemType: 'feature',
    extent: c.extent ? { spatial: { bbox: [c.extent], crs: CRS84 } } : undefined,
    crs,
    storageCrs: CGCS2000_URI,
    links: [
      { href: self, rel: 'self', type: JSON_TYPE, title: c.title },
      { href: `${self}/items`, rel: 'items', type: GEOJSON, title: `${c.title}: items` },
      {
        href: `${self}/queryables`,
        rel: 'http://www.opengis.net/def/rel/ogc/1.0/queryables',
        type: 'application/schema+json',
        title: 'queryables',
      },
    ],
  };
}

export function ogcRoutes(app: App): void {
  const { router, db } = app;
  const crsList = async () => supportedCrs(await cityMetricSrid(db));

  router.get('/ogc', (ctx) => {
    plain(ctx);
    const base = baseUrl(ctx);
    send(ctx.res, 200, {
      title: 'CIM viewer: the shared city',
      description: "The city's layers and its grid map (level 1, 2, 3) as OGC API Features.",
      links: [
        { href: base, rel: 'self', type: JSON_TYPE, title: 'this document' },
        { href: `${base}/api`, rel: 'service-desc', type: OPENAPI, title: 'the API definition' },
        { href: `${base}/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'conformance classes' },
        { href: `${base}/collections`, rel: 'data', type: JSON_TYPE, title: 'the collections' },
      ],
    });
  });

  router.get('/ogc/conformance', (ctx) => {
    plain(ctx);
    send(ctx.res, 200, { conformsTo: CONFORMANCE });
  });

  router.get('/ogc/api', async (ctx) => {
    plain(ctx);
    send(
      ctx.res,
      200,
      openApi(
        baseUrl(ctx),
        (await crsList()).map((c) => c.uri),
      ),
      {},
      OPENAPI,
    );
  });

  router.get('/ogc/collections', async (ctx) => {
    plain(ctx);
    const base = baseUrl(ctx);
    const crs = (await crsList()).map((c) => c.uri);
    const collections = (await listCollections(db)).map((c) => collectionDoc(base, c, crs));
    send(ctx.res, 200, { links: [{ href: `${base}/collections`, rel: 'self', type: JSON_TYPE }], crs, collections });
  });

  router.get('/ogc/collections/:collectionId', async (ctx) => {
    plain(ctx);
    const id = ctx.params.collectionId;
    const c = (await listCollections(db)).find((x) => x.id === id);
    if (!c) throw new HttpError(404, `no collection "${id}" (see /ogc/collections)`);
    send(
      ctx.res,
      200,
      collectionDoc(
        baseUrl(ctx),
        c,
        (await crsList()).map((x) => x.uri),
      ),
    );
  });

  router.get('/ogc/collections/:collectionId/queryables', async (ctx) => {
    plain(ctx);
    const c = await collectionOr404(app, ctx.params.collectionId);
    const properties: Record<string, unknown> = { geometry: { format: 'geometry-any' } };
    for (const [name, type] of Object.entries(c.fields)) properties[name] = { title: name, type };
    send(
      ctx.res,
      200,
      {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: `${baseUrl(ctx)}/collections/${encodeURIComponent(c.id)}/queryables`,
        type: 'object',
        title: c.title,
        properties,
        additionalProperties: false,
      },
      {},
      'application/schema+json',
    );
  });

  router.get('/ogc/collections/:collectionId/items', async (ctx) => {
    const c = await collectionOr404(app, ctx.params.collectionId);
    const q = parseItemsQuery(ctx.query, await crsList(), new Set(Object.keys(c.fields)));
    const page = await queryItems(db, c, q);
    const base = baseUrl(ctx);
    const path = `${base}/collections/${encodeURIComponent(c.id)}`;
    const search = ctx.url.searchParams.toString();
    const links: Record<string, string>[] = [{ href: `${path}/items${search ? `?${search}` : ''}`, rel: 'self', type: GEOJSON }];
    if (page.next !== null) {
      // Every parameter of this request again, only the cursor moved on.
      const next = new URLSearchParams(ctx.url.searchParams);
      next.set('cursor', String(page.next));
      links.push({ href: `${path}/items?${next.toString()}`, rel: 'next', type: GEOJSON, title: 'the next page' });
    }
    links.push({ href: path, rel: 'collection', type: JSON_TYPE, title: c.title });
    const body: Record<string, unknown> = { type: 'FeatureCollection', features: page.features, numberReturned: page.features.length };
    if (!q.bbox && !q.filters.length) body.numberMatched = await countItems(db, c);
    body.timeStamp = new Date().toISOString();
    body.links = links;
    send(ctx.res, 200, body, { 'Content-Crs': `<${q.crs.uri}>` }, GEOJSON);
  });

  router.get('/ogc/collections/:collectionId/items/:featureId', async (ctx) => {
    rejectUnknown(ctx.query, ['f', 'crs']);
    checkFormat(ctx.query);
    const c = await collectionOr404(app, ctx.params.collectionId);
    const crs = pickCrs('crs', ctx.query.get('crs'), await crsList());
    const found = await queryItem(db, c, ctx.params.featureId, crs);
    if (!found) throw new HttpError(404, `no feature "${ctx.params.featureId}" in the collection "${c.id}"`);
    const path = `${baseUrl(ctx)}/collections/${encodeURIComponent(c.id)}`;
    const body = {
      ...found.feature,
      links: [
        { href: `${path}/items/${encodeURIComponent(found.feature.id)}${ctx.url.search}`, rel: 'self', type: GEOJSON },
        { href: path, rel: 'collection', type: JSON_TYPE, title: c.title },
      ],
    };
    const headers: Record<string, string> = { 'Content-Crs': `<${crs.uri}>` };
    if (found.version !== null) headers.ETag = gridEtag(found.version);
    send(ctx.res, 200, body, headers, GEOJSON);
  });
}
