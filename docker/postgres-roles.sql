-- Run once by the postgres image on a new volume (docker-entrypoint-initdb.d), as the
-- superuser. coord_owner owns the database and runs migrations; coord_app is what web,
-- worker and beat connect as: no superuser, owns nothing, and `manage.py audit_grant_role
-- coord_app` (after each migrate) gives it SELECT, INSERT only on the audit tables.
CREATE ROLE coord_owner LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB;
CREATE ROLE coord_app LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOBYPASSRLS NOINHERIT;
ALTER DATABASE coord OWNER TO coord_owner;
ALTER SCHEMA public OWNER TO coord_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
