-- Public data contract of the Regional Ecosystem Scoreboard warehouse.
-- Table and column names here are stable (see README "Data model"); more columns may be added.

-- The bibliography: every document and statistical source the product cites
-- (data/reference/sources.csv). Curated rows point to a source_id plus a locator;
-- indicator values point to a source through their dataset code.
CREATE TABLE dim_source (
    source_id       VARCHAR PRIMARY KEY,
    kind            VARCHAR NOT NULL,   -- report / slides / web page / statistical dataset
    short_citation  VARCHAR NOT NULL,   -- for chart source lines: 'EOCIC summary report (2019)'
    full_reference  VARCHAR NOT NULL,
    publisher       VARCHAR,
    date            VARCHAR,            -- as precise as the source gives it (2019, 2019-12-04)
    url             VARCHAR,
    licence         VARCHAR NOT NULL,
    dataset_code    VARCHAR             -- the code indicator rows cite (nama_10r_3gdp, EQI ...)
);

CREATE TABLE dim_region (
    region_id     VARCHAR PRIMARY KEY,
    name          VARCHAR NOT NULL,
    native_name   VARCHAR,
    country_code  VARCHAR,
    nuts_codes    VARCHAR,          -- space-separated NUTS 2016 code(s) of the region
    nuts_level    VARCHAR,          -- NUTS0 / NUTS1 / NUTS2 / benchmark
    admin_type    VARCHAR,
    is_pilot      BOOLEAN NOT NULL,
    lat           DOUBLE,
    lon           DOUBLE,
    admin_note    VARCHAR,          -- caveats on admin_type (e.g. inferred)
    source_ref    VARCHAR,          -- the citation as shown: short citation, locator
    source_id     VARCHAR,          -- dim_source
    locator       VARCHAR           -- chapter, figure, slide
);

CREATE TABLE dim_region_alias (
    alias         VARCHAR PRIMARY KEY,  -- normalised: lower case, single spaces
    region_id     VARCHAR NOT NULL,
    alias_kind    VARCHAR NOT NULL,     -- name / native_name / spelling / nuts2016 / nuts2013 / nuts2_part / id
    original      VARCHAR NOT NULL      -- the alias as written in the source
);

CREATE TABLE dim_indicator (
    indicator_id        VARCHAR PRIMARY KEY,
    name                VARCHAR NOT NULL,
    dimension           VARCHAR NOT NULL,
    unit                VARCHAR NOT NULL,
    direction           INTEGER NOT NULL,
    source              VARCHAR NOT NULL,
    source_code         VARCHAR,
    definition          VARCHAR,
    aggregation         VARCHAR,
    weight_indicator_id VARCHAR,
    caveat              VARCHAR,
    eurostat_filter     VARCHAR,        -- series of a Eurostat bulk TSV, e.g. 'unit=PPS_EU27_2020_HAB' (optional)
    eurostat_code       VARCHAR,        -- dataset(s) refresh-eurostat downloads (current code where Eurostat renamed one)
    eurostat_pinned     VARCHAR         -- why refresh-eurostat leaves this indicator's values as loaded (optional)
);

CREATE TABLE fct_indicator_value (
    region_id     VARCHAR NOT NULL,
    indicator_id  VARCHAR NOT NULL,
    year          INTEGER NOT NULL,
    value         DOUBLE NOT NULL,
    flag          VARCHAR,
    is_derived    BOOLEAN NOT NULL,
    source_file   VARCHAR,
    geo_code      VARCHAR,          -- the code the value was published under (or the parts it was derived from)
    load_id       INTEGER,
    source_code   VARCHAR           -- dataset code of the value (e.g. nama_10r_3gdp)
);

-- Values published for the NUTS-2 parts of a region (DED2, BE31, FRE1, LT01, SI03 ...), kept as
-- published: the derived whole-region values in fct_indicator_value are computed from them.
CREATE TABLE fct_indicator_part_value (
    geo_code      VARCHAR NOT NULL,  -- the NUTS-2 code (NUTS 2016)
    region_id     VARCHAR NOT NULL,  -- the region it is part of
    indicator_id  VARCHAR NOT NULL,
    year          INTEGER NOT NULL,
    value         DOUBLE NOT NULL,
    flag          VARCHAR,
    source_file   VARCHAR,
    load_id       INTEGER,
    source_code   VARCHAR
);

-- Serving view srv_indicator_latest: created by etl/serving.py with the serving tables.

-- Which source each indicator cites: one row per dataset code of dim_indicator.source_code
-- (locator = the dataset code); source_id NULL where the bibliography lists no such code.
CREATE VIEW map_indicator_source AS
SELECT i.indicator_id, s.source_id, t.code AS locator
FROM dim_indicator i
CROSS JOIN LATERAL (
    SELECT trim(unnest(string_split(i.source_code, ';'))) AS code
) t
LEFT JOIN dim_source s ON s.dataset_code = t.code
WHERE t.code <> '';

CREATE TABLE dim_theme (
    theme_id   VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL,
    figure_ref VARCHAR,
    sort_order INTEGER,
    source_id  VARCHAR,
    locator    VARCHAR
);

CREATE TABLE dim_statement (
    statement_id     VARCHAR PRIMARY KEY,
    theme_id         VARCHAR NOT NULL,
    text             VARCHAR NOT NULL,
    published_share  DOUBLE,
    published_note   VARCHAR,
    sort_order       INTEGER
);

CREATE TABLE dim_stakeholder_type (
    stakeholder_type_id VARCHAR PRIMARY KEY,
    name                VARCHAR NOT NULL
);

CREATE TABLE dim_stakeholder_type_alias (
    alias               VARCHAR PRIMARY KEY,
    stakeholder_type_id VARCHAR NOT NULL,
    original            VARCHAR NOT NULL
);

CREATE TABLE dim_respondent (
    respondent_id       VARCHAR PRIMARY KEY,
    region_id           VARCHAR NOT NULL,
    stakeholder_type_id VARCHAR NOT NULL,
    wave                VARCHAR,
    dataset             VARCHAR NOT NULL,
    is_synthetic        BOOLEAN NOT NULL,
    load_id             INTEGER
);

CREATE TABLE fct_response (
    respondent_id VARCHAR NOT NULL,
    statement_id  VARCHAR NOT NULL,
    answer        INTEGER            -- 1 strongly disagree .. 5 strongly agree; NULL don't know / blank
);

CREATE TABLE dim_challenge (
    challenge_id VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    family       VARCHAR NOT NULL,   -- joint / megatrend
    source_ref   VARCHAR NOT NULL,
    note         VARCHAR,
    source_id    VARCHAR,
    locator      VARCHAR
);

CREATE TABLE fct_region_challenge (
    region_id    VARCHAR NOT NULL,
    challenge_id VARCHAR NOT NULL,
    evidence     VARCHAR NOT NULL,
    source_ref   VARCHAR NOT NULL,
    source_id    VARCHAR,
    locator      VARCHAR
);

CREATE TABLE fct_region_measure (
    measure_id   VARCHAR NOT NULL,
    region_id    VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    measure_type VARCHAR NOT NULL,   -- strategy development / strategy implementation / networks / skills
    source_ref   VARCHAR NOT NULL,
    note         VARCHAR,
    source_id    VARCHAR,
    locator      VARCHAR
);

CREATE TABLE dim_region_asset (
    region_id  VARCHAR NOT NULL,
    asset      VARCHAR NOT NULL,
    source_ref VARCHAR NOT NULL,
    source_id  VARCHAR,
    locator    VARCHAR
);

CREATE TABLE load_log (
    load_id       INTEGER PRIMARY KEY,
    source_kind   VARCHAR NOT NULL,
    file_name     VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    rows_read     INTEGER NOT NULL,
    rows_loaded   INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    status        VARCHAR NOT NULL,   -- loaded / loaded_with_rejects
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP NOT NULL,
    message       VARCHAR,
    rows_not_selected INTEGER NOT NULL DEFAULT 0, -- left out on purpose, not rejected
    source_url    VARCHAR,            -- where a downloaded file came from (refresh-eurostat)
    retrieved_at  TIMESTAMP           -- when it was downloaded
);

CREATE TABLE load_reject (
    load_id     INTEGER NOT NULL,
    row_number  INTEGER,
    column_name VARCHAR,
    value       VARCHAR,
    reason      VARCHAR NOT NULL
);

-- One row: identifies the build the app is reading (cache keys, footer vintage).
CREATE TABLE meta_build (
    build_id     VARCHAR NOT NULL,
    built_at     TIMESTAMP NOT NULL,
    command      VARCHAR NOT NULL,
    app_version  VARCHAR
);

-- Frameworks the report presents (journey steps, cluster functions, key questions...).
CREATE TABLE dim_framework_item (
    framework  VARCHAR NOT NULL,
    item_no    INTEGER NOT NULL,
    name       VARCHAR,
    text       VARCHAR,
    source_ref VARCHAR NOT NULL,
    group_name VARCHAR,           -- measure_typology: the dimension a type belongs to
    source_id  VARCHAR,
    locator    VARCHAR
);

-- Map shapes (NUTS 2021, 1:60M; © EuroGeographics for the administrative boundaries).
CREATE TABLE geo_shape (
    kind          VARCHAR NOT NULL,   -- region / country
    shape_id      VARCHAR NOT NULL,   -- region_id for regions, country code for countries
    region_id     VARCHAR,            -- set for pilot regions
    nuts_id       VARCHAR,
    geometry_json VARCHAR NOT NULL,   -- GeoJSON geometry (Polygon / MultiPolygon, lon/lat)
    attribution   VARCHAR NOT NULL
);

-- Perception vs evidence: which indicators measure what a survey statement asks
-- about, from data/reference/statement_indicators.csv. indicator_id NULL = "no matching
-- indicator" (the rationale says why); sort_order 1 is the statement's default pairing.
CREATE TABLE map_statement_indicator (
    statement_id   VARCHAR NOT NULL,
    indicator_id   VARCHAR,
    rationale      VARCHAR NOT NULL,
    direction_note VARCHAR,
    sort_order     INTEGER NOT NULL
);
