export {
  IllegalStateError,
  InvalidInputError,
  UnknownSubjectError,
  canHandle,
  stateFrom,
  type Command,
  type Decider,
  type DomainEvent,
  type EventGuard,
  type FieldProblem,
  type UntypedEvent,
} from './decider';
export { DeciderSpecification } from './decider-specification';
