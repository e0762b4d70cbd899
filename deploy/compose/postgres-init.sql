-- Run once by the postgres image on an empty data directory: the self-hosted Inngest server keeps
-- its apps, runs and history in a database of its own beside Signalboard's.
CREATE DATABASE inngest OWNER signalboard;
