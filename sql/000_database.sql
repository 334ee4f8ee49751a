-- The product's database. Every table and view below lives in it; the jobs' JDBC URL names it.
CREATE DATABASE IF NOT EXISTS sakervard;
