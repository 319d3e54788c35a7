import type { INestApplicationContext } from '@nestjs/common';
import {
  createSubscriberSchema,
  demoEmail,
  type CreateSubscriberRequest,
  type FieldType,
} from '@hotpath/contracts';
import { ErrorCode, DomainError } from '../../core/errors/domain-error';
import { FieldsService } from '../fields/fields.service';
import { SubscribersService } from './subscribers.service';

const DEMO_FIELDS: Array<{ title: string; type: FieldType }> = [
  { title: 'Company', type: 'string' },
  { title: 'Birthday', type: 'date' },
  { title: 'Orders', type: 'number' },
  { title: 'VIP', type: 'boolean' },
];

const DEMO_SUBSCRIBERS: CreateSubscriberRequest[] = [
  {
    email: demoEmail('ada'),
    name: 'Ada',
    lastName: 'Lovelace',
    status: 'active',
    fields: { company: 'Analytical Engines', vip: true },
  },
  { email: demoEmail('jose'), name: 'José', lastName: 'García', status: 'active', fields: { orders: 12 } },
  {
    email: demoEmail('zoe'),
    name: 'Zoë',
    lastName: 'Smith-Jones',
    status: 'unconfirmed',
    fields: { birthday: '1990-04-01' },
  },
  { email: demoEmail('conor'), name: 'Conor', lastName: "O'Brien", status: 'unsubscribed' },
  { email: demoEmail('mei'), name: '美玲', lastName: '王', status: 'bounced' },
  { email: demoEmail('spam'), name: 'Junk', lastName: 'Mail', status: 'junk' },
];

export async function seedSubscribers(app: INestApplicationContext): Promise<string> {
  const fields = app.get(FieldsService);
  const known = new Set((await fields.list()).map((field) => field.key));
  let createdFields = 0;
  for (const field of DEMO_FIELDS) {
    if (known.has(field.title.toLowerCase())) continue;
    await fields.create(field);
    createdFields++;
  }
  const subscribers = app.get(SubscribersService);
  let created = 0;
  for (const demo of DEMO_SUBSCRIBERS) {
    try {
      await subscribers.create(createSubscriberSchema.parse(demo));
      created++;
    } catch (error) {
      if (!(error instanceof DomainError && error.code === ErrorCode.Conflict)) throw error;
    }
  }
  return `${createdFields} fields and ${created} subscribers added (${DEMO_SUBSCRIBERS.length - created} already there)`;
}
