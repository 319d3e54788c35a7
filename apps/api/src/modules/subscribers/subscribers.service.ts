import { Injectable } from '@nestjs/common';
import type {
  CreateSubscriberInput,
  ListSubscribersParams,
  Page,
  Subscriber,
  UpdateSubscriberInput,
} from '@hotpath/contracts';
import { AppConfig } from '../../config/app-config';
import { AppCache } from '../../core/cache/app-cache';
import { CacheNamespace, CacheTtl } from '../../core/cache/cache-namespaces';
import { ConflictError, NotFoundError } from '../../core/errors/domain-error';
import { ValidationError } from '../../core/errors/validation.error';
import { keysetPage, readCursor } from '../../core/http/cursor';
import { FieldsService } from '../fields/fields.service';
import { EmailDomainChecker } from './email-domain.checker';
import { SubscriberInsertBatcher } from './subscriber-insert.batcher';
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

/**
 * Built once: most POSTs of a known email end here, and an exception's stack trace costs more than the rest
 * of such a request. It carries no request data, so sharing it is safe.
 */
const SUBSCRIBER_EXISTS = new ConflictError('Subscriber already exists');

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
    private readonly inserts: SubscriberInsertBatcher,
    private readonly fields: FieldsService,
    private readonly cache: AppCache,
    private readonly domains: EmailDomainChecker,
    config: AppConfig,
  ) {
    this.hitSeconds = config.get(CacheTtl[CacheNamespace.Subscriber].hitSeconds);
    this.missSeconds = config.get(CacheTtl[CacheNamespace.Subscriber].missSeconds);
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
    if (subscriber === null) throw new NotFoundError('Subscriber not found');
    return subscriber;
  }

  async create(input: CreateSubscriberInput): Promise<Subscriber> {
    // A known email is answered from the cache; otherwise the unique index decides (no look-up first).
    const known = await this.cache.peek<Subscriber>(CacheNamespace.Subscriber, input.email);
    if (known?.hit === true) throw SUBSCRIBER_EXISTS;
    const values = await this.fields.resolveValues(input.fields);
    const domain = input.email.slice(input.email.lastIndexOf('@') + 1);
    const verdict = await this.domains.check(domain);
    if (verdict === 'dead') {
      throw new ValidationError([{ field: 'email', message: `the domain ${domain} cannot receive email` }]);
    }
    const outcome = await this.inserts.insert({
      email: input.email,
      name: input.name,
      lastName: input.lastName,
      status: input.status,
      values,
    });
    if (!outcome.created) {
      // Cached, so that the next attempt with this email (and its GETs) are answered without MySQL.
      if (outcome.existing !== null) {
        this.cache
          .set(CacheNamespace.Subscriber, input.email, toSubscriber(outcome.existing), this.hitSeconds)
          .catch(() => undefined);
      }
      throw SUBSCRIBER_EXISTS;
    }
    const { record } = outcome;
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
    if (!found) throw new NotFoundError('Subscriber not found');
    await this.cache.invalidate(CacheNamespace.Subscriber, email);
    const record = await this.repository.findByEmail(email);
    if (record === null) throw new NotFoundError('Subscriber not found');
    return toSubscriber(record);
  }

  async remove(email: string): Promise<void> {
    if (!(await this.repository.delete(email))) throw new NotFoundError('Subscriber not found');
    await this.cache.invalidate(CacheNamespace.Subscriber, email);
  }

  async list(query: ListSubscribersParams): Promise<Page<Subscriber>> {
    const mode = query.search === undefined ? 'newest' : 'email';
    const after = readCursor(query.cursor, isListPosition, {
      fits: (position) => position.mode === mode,
      mismatch: 'belongs to a different search; start again',
    });
    const [rows, total] = await Promise.all([
      this.repository.list({ limit: query.limit, status: query.status, search: query.search, after }),
      query.search === undefined ? this.repository.count(query.status) : Promise.resolve(null),
    ]);
    const { page, nextCursor } = keysetPage(rows, query.limit, (last): ListPosition =>
      mode === 'newest' ? { mode, id: last.id } : { mode, email: last.email },
    );
    return { data: page.map(toSubscriber), meta: { limit: query.limit, nextCursor, total } };
  }

  /** Marks a subscriber junk once its domain is known to be dead; used by the re-check job. */
  async markJunk(email: string): Promise<boolean> {
    const changed = await this.repository.setStatus(email, 'junk');
    if (changed) await this.cache.invalidate(CacheNamespace.Subscriber, email);
    return changed;
  }
}
