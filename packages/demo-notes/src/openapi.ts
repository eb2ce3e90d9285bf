/**
 * The OpenAPI 3 description of the notes JSON API. Paths are relative to the app's mount point;
 * a host serving the docs sets `servers` to where it mounted the app (see {@link notesOpenApiSpec}).
 */

/** An OpenAPI 3.0 document (kept loose: it is data for swagger-ui, not a typed client). */
export type OpenApiDocument = Record<string, unknown> & { openapi: string; paths: Record<string, Record<string, unknown>> };

const noteSchema = {
  type: 'object',
  required: ['id', 'title', 'body', 'createdAt', 'attachments'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    title: { type: 'string' },
    body: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    attachments: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'filename', 'size', 'url'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          filename: { type: 'string' },
          mimeType: { type: 'string' },
          size: { type: 'integer' },
          url: { type: 'string', description: 'Download link (under the mount point)' },
        },
      },
    },
  },
};

const errorResponse = (description: string) => ({
  description,
  content: {
    'application/json': {
      schema: { type: 'object', required: ['error'], properties: { error: { type: 'string' } } },
    },
  },
});

const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };

/**
 * Returns the OpenAPI document for the API, with `servers` pointing at `mountPath` (e.g.
 * `/tools/notes`) so "Try it out" calls go through the host's mount.
 */
export function notesOpenApiSpec(mountPath = ''): OpenApiDocument {
  return {
    openapi: '3.0.3',
    info: {
      title: 'Notes API',
      version: '1.0.0',
      description: 'The JSON API of the Graft demo notes app. Every call acts as the user the host signed in; anonymous calls get 401.',
    },
    servers: [{ url: mountPath || '/' }],
    paths: {
      '/api/me': {
        get: {
          summary: 'Who the app thinks you are',
          responses: {
            '200': {
              description: 'The identity the host passed',
              content: { 'application/json': { schema: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } } },
            },
            '401': errorResponse('Not signed in'),
          },
        },
      },
      '/api/notes': {
        get: {
          summary: 'List your notes, newest first',
          responses: {
            '200': { description: 'Your notes', content: { 'application/json': { schema: { type: 'array', items: noteSchema } } } },
            '401': errorResponse('Not signed in'),
          },
        },
        post: {
          summary: 'Create a note',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['title'],
                  properties: { title: { type: 'string', maxLength: 200 }, body: { type: 'string', maxLength: 10000 } },
                },
              },
            },
          },
          responses: {
            '201': { description: 'Created', content: { 'application/json': { schema: noteSchema } } },
            '400': errorResponse('Invalid note'),
            '401': errorResponse('Not signed in'),
          },
        },
      },
      '/api/notes/{id}': {
        get: {
          summary: 'Get one of your notes',
          parameters: [idParameter],
          responses: {
            '200': { description: 'The note', content: { 'application/json': { schema: noteSchema } } },
            '401': errorResponse('Not signed in'),
            '404': errorResponse('No such note of yours'),
          },
        },
        delete: {
          summary: 'Delete one of your notes',
          parameters: [idParameter],
          responses: {
            '204': { description: 'Deleted' },
            '401': errorResponse('Not signed in'),
            '404': errorResponse('No such note of yours'),
          },
        },
      },
    },
  };
}
