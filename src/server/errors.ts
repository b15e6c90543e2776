/** Every error leaves the API as `{ error: { code, message, details? } }` with the matching HTTP status. */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { FirebreakError } from '../domain/errors.ts';
import { describeIssues } from '../domain/record.ts';

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof FirebreakError) {
      return reply
        .status(error.status)
        .send({ error: { code: error.code, message: error.message, details: error.details } });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((v) => ({
        // A rule on the whole body reports the root as "/": name it "body", not "body.".
        path: `${error.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.').replace(/\.$/, '')}`,
        message: v.message,
      }));
      return reply.status(400).send({
        error: {
          code: 'validation_failed',
          message: details.map((d) => `${d.path}: ${d.message}`).join('; '),
          details,
        },
      });
    }
    if (error instanceof ZodError) {
      return reply.status(400).send({
        error: { code: 'validation_failed', message: describeIssues(error), details: error.issues },
      });
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({
        error: {
          code: 'payload_too_large',
          message: 'The request body is larger than this endpoint accepts.',
        },
      });
    }
    if (error.statusCode === 429) {
      return reply.status(429).send({ error: { code: 'rate_limited', message: error.message } });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send({ error: { code: 'bad_request', message: error.message } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({
      error: {
        code: 'internal',
        message: 'Something went wrong on our side; the error is in the server log.',
      },
    });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}.` },
    }),
  );
}
