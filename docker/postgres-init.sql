-- One database per service (docker-compose.yml); each service migrates its own with Alembic.
CREATE DATABASE dot_auth;
CREATE DATABASE dot_admin;
CREATE DATABASE dot_knowledge;
CREATE DATABASE dot_conversation;
