import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type ApiBodyOptions, type OpenAPIObject } from '@nestjs/swagger';
import { API_KEY_SCHEME } from '../auth/access.decorators';
import { REFERRER_TOKEN_SCHEME } from '../auth/referrer-token.guard';

export interface ApiDocsOptions {
  title: string;
  version: string;
  /** Paths served outside the framework (share links), added as they are. */
  extraPaths?: OpenAPIObject['paths'];
  /** Schemas the routes' raw JSON Schemas refer to (`#/components/schemas/<name>`). */
  schemas?: Record<string, object>;
}

/**
 * The OpenAPI 3.1 document of the routes this process serves, built from the same DTOs and JSON Schemas that
 * validate the requests: `GET /docs` (UI, assets served locally) and `GET /docs/openapi.json`. Public.
 */
export function useApiDocs(app: INestApplication, options: ApiDocsOptions): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setVersion(options.version)
    .setOpenAPIVersion('3.1.0')
    .setDescription(
      'Errors are `{statusCode, error, message, details?}` with one detail per refused field. Mutating POSTs accept `Idempotency-Key`. ' +
        'API keys carry a role; each operation lists the roles it accepts in its security requirement.',
    )
    .addSecurity(API_KEY_SCHEME, { type: 'http', scheme: 'bearer', description: 'An API key from API_KEYS (`role:key`)' })
    .addSecurity(REFERRER_TOKEN_SCHEME, { type: 'http', scheme: 'bearer', description: 'A referrer token, as returned by enrolment' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.paths = { ...document.paths, ...options.extraPaths };
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...options.schemas } };
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json', yamlDocumentUrl: 'docs/openapi.yaml', customSiteTitle: options.title });
  return document;
}

/** A contract's JSON Schema as an OpenAPI 3.1 schema (3.1 schemas are JSON Schema): the same object, plain JSON. */
export function openApiSchema(schema: object): Extract<ApiBodyOptions, { schema: unknown }>['schema'] {
  return JSON.parse(JSON.stringify(schema));
}
