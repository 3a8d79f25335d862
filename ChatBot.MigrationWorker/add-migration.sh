#!/usr/bin/env bash
# Adds a migration for both databases, SQLite and PostgreSQL, from the model in ChatBot.Data:
#   ChatBot.MigrationWorker/add-migration.sh <Name>
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { echo "usage: $0 <MigrationName>" >&2; exit 2; }
dotnet tool restore > /dev/null
for provider in Sqlite PostgreSql; do
    dotnet ef migrations add "$1" --project ChatBot.MigrationWorker --context "${provider}ChatDbContext" --output-dir "Migrations/$provider"
done
