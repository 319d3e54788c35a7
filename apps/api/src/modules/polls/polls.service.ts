import { Injectable, Logger } from '@nestjs/common';
import {
  ballotProblems,
  type CastVoteInput,
  type CreatePollInput,
  type ListPollsParams,
  type Page,
  type Poll,
  type PollResults,
} from '@hotpath/contracts';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { AppCache } from '../../core/cache/app-cache';
import { CacheNamespace, CacheTtl } from '../../core/cache/cache-namespaces';
import { asServiceUnavailable } from '../../core/errors/service-unavailable.error';
import { ConflictError, NotFoundError } from '../../core/errors/domain-error';
import { ValidationError } from '../../core/errors/validation.error';
import { isIdPosition, keysetPage, readCursor } from '../../core/http/cursor';
import { PollsRepository, type PollRecord, type PollTotals } from './polls.repository';

/** A poll's totals as cached: read from MySQL at `computedAt` (epoch ms). */
export interface PollSnapshot extends PollTotals {
  computedAt: number;
  resultsAsOf: string;
}

const { ageMarginMs: AGE_MARGIN_MS, stepMs: TTL_STEP_MS } = CacheTtl[CacheNamespace.PollResults];
/** Polls whose last snapshot each process keeps to take votes while MySQL is away (definitions never change). */
const KNOWN_POLLS_KEPT = 10_000;

export function toPoll(record: PollRecord): Poll {
  return {
    id: record.id,
    question: record.question,
    multiple: record.multiple,
    uniqueVoters: record.uniqueVoters,
    options: record.options,
    ballots: record.ballots,
    createdAt: new Date(record.createdAt).toISOString(),
  };
}

/**
 * Polls: definitions, cached results and the vote path. Results are read from MySQL at most once per
 * poll per POLL_RESULTS_TTL_SECONDS (per Redis; each process keeps them in memory for LOCAL_CACHE_TTL_MS),
 * and their age never exceeds that bound: the Redis TTL leaves room for the in-memory tier.
 */
@Injectable()
export class PollsService {
  private readonly logger = new Logger(PollsService.name);
  private readonly maxAgeMs: number;
  private readonly localTtlMs: number;
  /** The last snapshot seen of each poll, newest last: enough to check a ballot when MySQL cannot be read. */
  private readonly known = new Map<number, PollSnapshot>();

  constructor(
    private readonly repository: PollsRepository,
    private readonly cache: AppCache,
    config: AppConfig,
  ) {
    this.maxAgeMs = config.get(CacheTtl[CacheNamespace.PollResults].maxAgeSeconds) * 1000;
    this.localTtlMs = config.get(CacheTtl[CacheNamespace.PollResults].localMs);
  }

  async create(input: CreatePollInput): Promise<Poll> {
    const record = await this.repository.insert(input);
    // The id may have been asked for before it existed; that miss must not hide the new poll.
    await this.cache.invalidate(CacheNamespace.PollResults, String(record.id));
    return toPoll(record);
  }

  async list(query: ListPollsParams): Promise<Page<Poll>> {
    const after = readCursor(query.cursor, isIdPosition);
    const [rows, total] = await Promise.all([
      this.repository.list(query.limit, after?.id),
      this.repository.count(),
    ]);
    const { page, nextCursor } = keysetPage(rows, query.limit, (last) => ({ id: last.id }));
    return { data: page.map(toPoll), meta: { limit: query.limit, nextCursor, total } };
  }

  /** Drops a poll's cached results, so the next read counts ballots written outside the vote path (the seed). */
  async forgetResults(id: number): Promise<void> {
    await this.cache.invalidate(CacheNamespace.PollResults, String(id));
  }

  async findIdByQuestion(question: string): Promise<number | null> {
    return this.repository.findIdByQuestion(question);
  }

  async results(id: number): Promise<PollResults> {
    return this.present(await this.snapshot(id));
  }

  /**
   * Accepts a ballot: checked against the cached definition, the voter reserved in Redis on a
   * one-ballot-per-voter poll, then written through JobRepository. Resolves once the ballot is stored in a
   * queued job; the worker counts it in MySQL.
   */
  async vote(id: number, vote: CastVoteInput): Promise<PollResults> {
    const poll = await this.snapshotForVote(id);
    const problems = ballotProblems(poll, vote);
    if (problems.length > 0) throw new ValidationError(problems);
    const voterId = vote.voterId ?? null;
    const reserved = poll.uniqueVoters && voterId !== null;
    if (reserved && !(await this.repository.reserveVoter(id, voterId))) {
      throw new ConflictError('This voter has already voted in this poll');
    }
    try {
      await this.repository.enqueueBallot({
        ballotId: randomUUID(),
        pollId: id,
        optionIds: vote.optionIds,
        voterId,
        uniqueVoter: poll.uniqueVoters,
        castAt: Date.now(),
      });
    } catch (error) {
      if (reserved) {
        await this.repository.releaseVoter(id, voterId).catch((releaseError: unknown) => {
          this.logger.error(`could not release voter ${voterId} of poll ${id}: ${String(releaseError)}`);
        });
      }
      throw error;
    }
    return this.present(poll);
  }

  /**
   * The poll's snapshot, or, when it cannot be loaded because MySQL (or Redis) is away, the last one this process
   * saw: a poll's definition never changes, so the ballot is still checked exactly; the totals answered are as
   * old as `resultsAsOf` says. Without one the vote is answered 503.
   */
  private async snapshotForVote(id: number): Promise<PollSnapshot> {
    try {
      return await this.snapshot(id);
    } catch (error) {
      const known = this.known.get(id);
      if (known === undefined || asServiceUnavailable(error) === null) throw error;
      return known;
    }
  }

  private remember(snapshot: PollSnapshot): void {
    this.known.delete(snapshot.id);
    this.known.set(snapshot.id, snapshot);
    if (this.known.size > KNOWN_POLLS_KEPT) {
      const oldest = this.known.keys().next();
      if (oldest.done !== true) this.known.delete(oldest.value);
    }
  }

  private async snapshot(id: number): Promise<PollSnapshot> {
    const snapshot = await this.cache.getOrLoad<PollSnapshot>(
      CacheNamespace.PollResults,
      String(id),
      async () => {
        // Taken before the read: the totals are at least this fresh.
        const computedAt = Date.now();
        const totals = await this.repository.loadTotals(id);
        return totals === null
          ? null
          : { ...totals, computedAt, resultsAsOf: new Date(computedAt).toISOString() };
      },
      (value) => this.redisTtlSeconds(value),
    );
    if (snapshot === null) throw new NotFoundError('Poll not found');
    if (this.known.get(id) !== snapshot) this.remember(snapshot);
    return snapshot;
  }

  /**
   * Redis keeps a snapshot until maxAge minus what the in-memory tier may add after its last Redis read,
   * counted from when the snapshot was computed. A miss (unknown poll) is kept as long; creating a poll
   * invalidates it.
   */
  private redisTtlSeconds(value: PollSnapshot | null): number {
    const computedAt = value?.computedAt ?? Date.now();
    const remainingMs = this.maxAgeMs - this.localTtlMs - AGE_MARGIN_MS - (Date.now() - computedAt);
    return (Math.max(0, Math.floor(remainingMs / TTL_STEP_MS)) * TTL_STEP_MS) / 1000;
  }

  private present(snapshot: PollSnapshot): PollResults {
    return {
      id: snapshot.id,
      question: snapshot.question,
      multiple: snapshot.multiple,
      uniqueVoters: snapshot.uniqueVoters,
      options: snapshot.options,
      ballots: snapshot.ballots,
      resultsAsOf: snapshot.resultsAsOf,
      ageSeconds: Math.max(0, Date.now() - snapshot.computedAt) / 1000,
    };
  }
}
