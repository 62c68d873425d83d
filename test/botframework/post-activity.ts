import request from 'supertest';

/** POSTs an activity to the bot's messaging endpoint with a bearer token; the caller states the expected status. */
export function postActivity(app: Parameters<typeof request>[0], token: string, activity: object): request.Test {
  return request(app).post('/api/messages').set('Authorization', `Bearer ${token}`).send(activity);
}
