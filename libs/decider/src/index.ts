export { IllegalStateError, InvalidInputError, stateFrom, type Command, type Decider, type DomainEvent } from './decider';
export { DeciderSpecification } from './decider-specification';
