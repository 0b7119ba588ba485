"""The benchmark's data sets in PostgreSQL: the demo site, synthetic partnerships and news
articles. A complete database is reused; a larger set starts as a copy of a smaller one."""

import subprocess

from bench import log
from bench.servers import database_exists, manage, psql


def count_rows(database, table):
    """Rows in `table`; 0 when it does not exist (a preparation that stopped half-way)."""
    try:
        return int(psql(f"SELECT count(*) FROM {table}", database) or 0)
    except subprocess.CalledProcessError:
        return 0


def is_complete(dataset, config):
    name = dataset["database"]
    return (
        count_rows(name, "partners_partnership") >= dataset["partnerships"]
        and count_rows(name, "news_newsarticlepage") >= config["news"]
    )


def prepare(dataset, config, datasets_by_label, fresh):
    """A database with the demo site plus the synthetic data set; reused when it is there."""
    name = dataset["database"]
    if fresh and database_exists(name):
        psql(f"DROP DATABASE {name}")
    if database_exists(name):
        if is_complete(dataset, config):
            log(f"{name}: reusing the existing data set")
            manage(name, "migrate", "--noinput")
            return
        psql(f"DROP DATABASE {name}")
    base = datasets_by_label.get(dataset.get("base"))
    if base and database_exists(base["database"]):
        copy(dataset, config, base)
    else:
        build(dataset, config)
    psql("VACUUM ANALYZE", name)


def copy(dataset, config, base):
    """A copy of the smaller set, topped up: much faster than starting again."""
    name = dataset["database"]
    log(f"{name}: copying {base['database']}")
    psql(f"CREATE DATABASE {name} TEMPLATE {base['database']}")
    manage(name, "migrate", "--noinput")
    missing = dataset["partnerships"] - count_rows(name, "partners_partnership")
    if missing > 0:
        manage(
            name,
            "generate_partnerships",
            f"--count={missing}",
            f"--organisations={config['organisations']}",
            "--seed=2",
        )


def build(dataset, config):
    """The demo site and the synthetic data, from an empty database."""
    name = dataset["database"]
    psql(f"CREATE DATABASE {name}")
    manage(name, "migrate", "--noinput")
    manage(name, "load_demo_content")
    manage(
        name,
        "generate_partnerships",
        f"--count={dataset['partnerships']}",
        f"--organisations={config['organisations']}",
    )
    manage(name, "generate_news", f"--count={config['news']}")
