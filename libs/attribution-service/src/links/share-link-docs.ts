/** `GET /r/{code}` in the OpenAPI document: ShareLinks serves it ahead of the framework, so no controller describes it. */
export const SHARE_LINK_PATHS = {
  '/r/{code}': {
    get: {
      tags: ['share links'],
      summary: "Follow a share link: records the click and redirects to the program's landing page with `ref` and `click_id`",
      security: [],
      parameters: [
        { name: 'code', in: 'path', required: true, schema: { type: 'string' } },
        ...['utm_source', 'utm_medium', 'utm_campaign'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string', maxLength: 200 } })),
      ],
      responses: {
        '302': { description: 'to the landing page', headers: { Location: { schema: { type: 'string', format: 'uri' } } } },
        '404': { description: 'no such code, or its program is unknown' },
        '503': { description: 'the database is unavailable: retry after `Retry-After` seconds' },
      },
    },
  },
};
