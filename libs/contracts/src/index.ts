export { ALL_TOPICS, Topics, deadLetterTopic, type Topic } from './topics';
