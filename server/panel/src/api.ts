export { api, ApiProblem } from '#shared/client/api.ts';
