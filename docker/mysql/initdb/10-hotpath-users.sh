# Sourced by the mysql image's entrypoint on the first start of an empty data volume (docker_process_sql and
# mysql_note come from it). Two accounts instead of root:
#   hotpath_app      reads and writes rows: what the API, the worker and the demo seeder need
#   hotpath_migrate  also changes the schema: used only by the one-shot migrate service
# A data volume created before these accounts existed keeps its old users: see docs/deploying.md.

: "${MYSQL_DATABASE:?MYSQL_DATABASE names the database the accounts get rights on}"
: "${HOTPATH_APP_PASSWORD:?HOTPATH_APP_PASSWORD is the password of the hotpath_app account}"
: "${HOTPATH_MIGRATE_PASSWORD:?HOTPATH_MIGRATE_PASSWORD is the password of the hotpath_migrate account}"

# A quoted SQL string literal: backslashes and single quotes escaped.
hotpath_sql_string() {
  local value=${1//\\/\\\\}
  printf "'%s'" "${value//\'/\\\'}"
}

mysql_note "Creating the hotpath_app (rows only) and hotpath_migrate (schema) accounts on ${MYSQL_DATABASE}"
docker_process_sql --database=mysql <<SQL
CREATE USER IF NOT EXISTS 'hotpath_app'@'%' IDENTIFIED BY $(hotpath_sql_string "$HOTPATH_APP_PASSWORD");
CREATE USER IF NOT EXISTS 'hotpath_migrate'@'%' IDENTIFIED BY $(hotpath_sql_string "$HOTPATH_MIGRATE_PASSWORD");
GRANT SELECT, INSERT, UPDATE, DELETE ON \`${MYSQL_DATABASE}\`.* TO 'hotpath_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, INDEX, REFERENCES ON \`${MYSQL_DATABASE}\`.* TO 'hotpath_migrate'@'%';
SQL
