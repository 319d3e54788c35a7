import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type {
  CreateSubscriberInput,
  ListSubscribersParams,
  Page,
  Subscriber,
  UpdateSubscriberInput,
} from '@hotpath/contracts';
import { AppConfig } from '../../config/app-config';
import { AppCache } from '../../core/cache/app-cache';
import { CacheNamespace } from '../../core/cache/cache-namespaces';
import { ValidationException } from '../../core/errors/zod-validation.pipe';
import { decodeCursor, encodeCursor } from '../../core/http/cursor';
import { FieldsService } from '../fields/fields.service';
import { EmailDomainChecker } from './email-domain.checker';
import { SubscribersRepository, type ListPosition, type SubscriberRecord } from './subscribers.repository';

export function toSubscriber(record: SubscriberRecord): Subscriber {
  return {
    email: record.email,
    name: record.name,
    lastName: record.lastName,
    status: record.status,
    fields: record.fields,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}

const isListPosition = (value: unknown): value is ListPosition => {
  const position = value as Partial<{ mode: string; id: unknown; email: unknown }> | null;
  return (
    typeof position === 'object' &&
    position !== null &&
    ((position.mode === 'newest' && Number.isSafeInteger(position.id)) ||
      (position.mode === 'email' && typeof position.email === 'string'))
  );
};

@Injectable()
export class SubscribersService {
  private readonly hitSeconds: number;
  private readonly missSeconds: number;

  constructor(
    private readonly repository: SubscribersRepository,
    private readonly fields: FieldsService,
    private readonly cache: AppCache,
    private readonly domains: EmailDomainChecker,
    config: AppConfig,
  ) {
    this.hitSeconds = config.get('SUBSCRIBER_CACHE_TTL_SECONDS');
    this.missSeconds = config.get('SUBSCRIBER_MISS_TTL_SECONDS');
  }

  /** The hot path: local tier, then Redis, then one indexed query shared by concurrent misses. */
  async findByEmail(email: string): Promise<Subscriber | null> {
    return this.cache.getOrLoad(
      CacheNamespace.Subscriber,
      email,
      async () => {
        const record = await this.repository.findByEmail(email);
        return record === null ? null : toSubscriber(record);
      },
      (value) => (value === null ? this.missSeconds : this.hitSeconds),
    );
  }

  async get(email: string): Promise<Subscriber> {
    const subscriber = await this.findByEmail(email);
    if (subscriber === null) throw new NotFoundException('Subscriber not found');
    return subscriber;
  }

  async create(input: CreateSubscriberInput): Promise<Subscriber> {
    // Cheap answer for a known email; the unique index still decides when the cache knows nothing.
    if ((await this.findByEmail(input.email)) !== null)
      throw new ConflictException('Subscriber already exists');
    const values = await this.fields.resolveValues(input.fields);
    const domain = input.email.slice(input.email.lastIndexOf('@') + 1);
    const verdict = await this.domains.check(domain);
    if (verdict === 'dead') {
      throw new ValidationException([
        { field: 'email', message: `the domain ${domain} cannot receive email` },
      ]);
    }
    const record = await this.repository.insert({
      email: input.email,
      name: input.name,
      lastName: input.lastName,
      status: input.status,
      values,
    });
    if (record === null) throw new ConflictException('Subscriber already exists');
    await this.cache.invalidate(CacheNamespace.Subscriber, input.email);
    if (verdict === 'unknown') {
      await this.repository.scheduleDomainRecheck(input.email, domain);
    }
    return { ...toSubscriber(record), fields: input.fields };
  }

  async update(email: string, input: UpdateSubscriberInput): Promise<Subscriber> {
    const values = await this.fields.resolveValues(input.fields ?? {});
    const found = await this.repository.update(email, {
      name: input.name,
      lastName: input.lastName,
      status: input.status,
      values,
    });
    if (!found) throw new NotFoundException('Subscriber not found');
    await this.cache.invalidate(CacheNamespace.Subscriber, email);
    const record = await this.repository.findByEmail(email);
    if (record === null) throw new NotFoundException('Subscriber not found');
    return toSubscriber(record);
  }

  async remove(email: string): Promise<void> {
    if (!(await this.repository.delete(email))) throw new NotFoundException('Subscriber not found');
    await this.cache.invalidate(CacheNamespace.Subscriber, email);
  }

  async list(query: ListSubscribersParams): Promise<Page<Subscriber>> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, isListPosition);
    const mode = query.search === undefined ? 'newest' : 'email';
    if (after !== undefined && after.mode !== mode) {
      throw new ValidationException([
        { field: 'cursor', message: 'belongs to a different search; start again' },
      ]);
    }
    const [rows, total] = await Promise.all([
      this.repository.list({ limit: query.limit, status: query.status, search: query.search, after }),
      query.search === undefined ? this.repository.count(query.status) : Promise.resolve(null),
    ]);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > query.limit && last !== undefined
        ? encodeCursor(mode === 'newest' ? { mode, id: last.id } : { mode, email: last.email })
        : null;
    return { data: page.map(toSubscriber), meta: { limit: query.limit, nextCursor, total } };
  }

  /** Marks a subscriber junk once its domain is known to be dead; used by the re-check job. */
  async markJunk(email: string): Promise<boolean> {
    const changed = await this.repository.setStatus(email, 'junk');
    if (changed) await this.cache.invalidate(CacheNamespace.Subscriber, email);
    return changed;
  }
}
