/**
 * @module integrations/shared/errors
 * The one error that means "the calendar we write into is gone" (deleted by the runner). The sync
 * disables a target on this error only; any other 404 is about one event.
 */
import { IntegrationError } from '../../src/core/errors';

export class ContainerGoneError extends IntegrationError {
  constructor(message: string) {
    super('NOT_FOUND', message, { retryable: false, upstreamStatus: 404 });
  }
}
