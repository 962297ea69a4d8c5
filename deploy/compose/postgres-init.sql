-- One database per subgraph (database per service), created at the first start of the compose
-- PostgreSQL (docker-entrypoint-initdb.d). The chart's in-chart PostgreSQL runs the same file.
CREATE DATABASE jobmarket_offers;
CREATE DATABASE jobmarket_skills;
CREATE DATABASE jobmarket_users;
CREATE DATABASE jobmarket_recommendations;
