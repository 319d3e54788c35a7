import { createConnection, type Connection } from 'mysql2/promise';
import { PrivateMariadb } from '../../support/private-servers';

const READY_TIMEOUT_MS = 30_000;

/**
 * A private MariaDB primary (binary log, server id 1) and a read-only replica (server id 2) that follows it
 * by GTID. Both run without grant tables, so the replica connects as root.
 */
export class ReplicatedMariadb {
  private constructor(
    readonly primary: PrivateMariadb,
    readonly replica: PrivateMariadb,
  ) {}

  static async start(): Promise<ReplicatedMariadb> {
    const [primary, replica] = await Promise.allSettled([
      PrivateMariadb.start({ serverId: 1, binlog: true }),
      PrivateMariadb.start({ serverId: 2, readOnly: true }),
    ]);
    const started = new ReplicatedMariadb(
      primary.status === 'fulfilled' ? primary.value : (undefined as unknown as PrivateMariadb),
      replica.status === 'fulfilled' ? replica.value : (undefined as unknown as PrivateMariadb),
    );
    if (primary.status === 'rejected' || replica.status === 'rejected') {
      await started.destroy();
      throw primary.status === 'rejected' ? primary.reason : (replica as PromiseRejectedResult).reason;
    }
    await started.onReplica((replicaConnection) =>
      replicaConnection.query(
        `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${started.primary.port}, MASTER_USER='root',
         MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1`,
      ),
    );
    await started.startReplication();
    return started;
  }

  async onPrimary<T>(work: (connection: Connection) => Promise<T>, database?: string): Promise<T> {
    return this.on(this.primary, work, database);
  }

  async onReplica<T>(work: (connection: Connection) => Promise<T>, database?: string): Promise<T> {
    return this.on(this.replica, work, database);
  }

  async startReplication(): Promise<void> {
    await this.onReplica((connection) => connection.query('START SLAVE'));
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      const status = await this.status();
      if (status.io === 'Yes' && status.sql === 'Yes') return;
      if (Date.now() > deadline) throw new Error(`replication did not start: ${JSON.stringify(status)}`);
      await new Promise((wait) => setTimeout(wait, 100));
    }
  }

  async stopReplication(): Promise<void> {
    await this.onReplica((connection) => connection.query('STOP SLAVE'));
  }

  /** Resolves once the replica has applied everything the primary has written so far. */
  async caughtUp(): Promise<void> {
    const position = await this.onPrimary(async (connection) => {
      const [rows] = await connection.query('SELECT @@gtid_binlog_pos AS pos');
      return (rows as Array<{ pos: string }>)[0]?.pos ?? '';
    });
    await this.onReplica(async (connection) => {
      const [rows] = await connection.query('SELECT MASTER_GTID_WAIT(?, 30) AS waited', [position]);
      if ((rows as Array<{ waited: number }>)[0]?.waited !== 0)
        throw new Error(`the replica did not reach ${position}`);
    });
  }

  async destroy(): Promise<void> {
    await Promise.allSettled([this.primary?.destroy(), this.replica?.destroy()]);
  }

  private async status(): Promise<{ io?: string; sql?: string; error?: string }> {
    return this.onReplica(async (connection) => {
      const [rows] = await connection.query('SHOW SLAVE STATUS');
      const row = (rows as Array<Record<string, string>>)[0];
      return { io: row?.['Slave_IO_Running'], sql: row?.['Slave_SQL_Running'], error: row?.['Last_Error'] };
    });
  }

  private async on<T>(
    server: PrivateMariadb,
    work: (connection: Connection) => Promise<T>,
    database?: string,
  ): Promise<T> {
    const connection = await createConnection({
      host: '127.0.0.1',
      port: server.port,
      user: 'root',
      database,
    });
    try {
      return await work(connection);
    } finally {
      await connection.end();
    }
  }
}
