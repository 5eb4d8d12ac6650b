"""The benchmark's table: what each row asks for, on which server, against which ceiling."""

from dataclasses import dataclass

TERM_PATH = "/glossary/neural-token-routing/"
INDEX_PATH = "/glossary/"
LETTER_PATH = "/glossary/letter/m/"
CEILING_PATH = "/static/bench/ceiling.html"
# The embed script's index of every published term, against a static copy of its own size.
EMBED_INDEX_PATH = "/glossary/embed/terms.json"
EMBED_CEILING_PATH = "/static/bench/embed-index.json"
MEMORY_TARGET_MB = 120
CPU_TARGET_MS = 7
CPU_ROW = "uncached term page, CPU ms in process"
# Issue 13: a search that finds nothing, one at a time, at the 95th percentile.
NONSENSE_SEARCHES = 300
SEARCH_P95_TARGET_MS = 30
SEARCH_ROW = "search, random nonsense, one request at a time"

NONSENSE_SCRIPT = """
function init(args)
  statuses = {}
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end
local function word(length)
  local letters = {}
  for i = 1, length do letters[i] = string.char(math.random(97, 122)) end
  return table.concat(letters)
end
function request()
  return wrk.format(nil, wrk.path .. word(math.random(4, 9)) .. "+" .. word(math.random(4, 9)))
end
"""


# Gives every request its own random query string: junk parameters on cached pages, and one
# request in ten a search for a random word (each a page of its own, rendered).
RANDOM_PARAMETERS_SCRIPT = """
local counter = 0
function init(args)
  statuses = {}
  -- Each wrk thread has its own Lua state: seed from the address of a fresh table.
  math.randomseed(os.time() + tonumber(string.match(tostring({}), "%x+$"), 16) % 1000003)
end
function request()
  counter = counter + 1
  local junk = string.format("utm_source=%d&ref=%x", math.random(1e9), math.random(1e9))
  if SEARCHES and counter % 10 == 0 then
    return wrk.format(nil, string.format("/glossary/search/?q=w%x&%s", math.random(1e9), junk))
  elseif counter % 2 == 0 then
    return wrk.format(nil, "@TERM@?" .. junk)
  end
  return wrk.format(nil, "@INDEX@?" .. junk)
end
"""

RANDOM_SCRIPT = RANDOM_PARAMETERS_SCRIPT.replace("@TERM@", TERM_PATH).replace("@INDEX@", INDEX_PATH)


# Each server is a gunicorn of its own, started with the page cache and Redis set as named.
CACHE_ON = "page cache on"
SUBSCRIBE = "version watch subscribe"  # with --redis-url only
STOPPED = "Redis stopped during the run"  # on a redis-server of the benchmark's own
CACHE_OFF = "page cache off"

# Every row compares with the ceiling of its own server: the machine may have slowed down by
# the time a later server runs (shared or burstable CPUs do).
CEILING = "static file, same size (ceiling)"
CEILING_SUBSCRIBED = "static file, same size (ceiling of the server with version watch subscribe)"
CEILING_UNCACHED = "static file, same size (ceiling of the server with page cache off)"
CEILING_STOPPED = "static file, same size (ceiling of the server whose Redis is stopped)"
EMBED_CEILING = "static file, JSON index's size (its ceiling)"
UNCACHED = "term page, page cache off"
REDIS_STOPPED = "term page, Redis stopped during the run"


@dataclass(frozen=True)
class Row:
    """A row of the table: the page wrk asks for, on which server, against which ceiling."""

    name: str
    path: str
    server: str
    ceiling: str  # the row of the static file this one is compared with (itself for a ceiling)
    target: float = 0  # the least share of its ceiling the issues ask for (0: none)
    script: str = ""  # Lua that makes each request: random words or parameters
    expected: int = 200
    revalidates: bool = False  # sends If-None-Match with the page's ETag (no row without one)


# The table, in the order it is printed.
ROWS = [
    Row("term page, cached", TERM_PATH, CACHE_ON, CEILING, target=0.80),
    Row("term page, cached, version watch subscribe", TERM_PATH, SUBSCRIBE, CEILING_SUBSCRIBED,
        target=0.80),
    # Issue 16 asks for 0.12, from about 0.05; the 0.35 asked for before was out of reach.
    Row(UNCACHED, TERM_PATH, CACHE_OFF, CEILING_UNCACHED, target=0.12),
    Row(REDIS_STOPPED, TERM_PATH, STOPPED, CEILING_STOPPED),
    Row("index", INDEX_PATH, CACHE_ON, CEILING),
    Row("letter page", LETTER_PATH, CACHE_ON, CEILING),
    Row("search, typo query", "/glossary/search/?q=varitional+embeding", CACHE_ON, CEILING),
    # Two random words per request: each search finds nothing, misses the page cache and asks
    # for "Did you mean" suggestions.
    Row("search, random nonsense (never cached)", "/glossary/search/?q=", CACHE_ON, CEILING,
        script=NONSENSE_SCRIPT),
    Row("term page and index, random query parameters", TERM_PATH, CACHE_ON, CEILING,
        script=RANDOM_SCRIPT),
    Row("term page, 304 revalidation", TERM_PATH, CACHE_ON, CEILING, expected=304,
        revalidates=True),
    Row("term's .md twin, cached", "/glossary/neural-token-routing.md", CACHE_ON, CEILING,
        target=0.80),
    Row("embed JSON index, cached", EMBED_INDEX_PATH, CACHE_ON, EMBED_CEILING, target=0.80),
    # The least a Django response costs here: a tiny view through every middleware.
    Row("robots.txt, page cache off (smallest Django page)", "/robots.txt", CACHE_OFF,
        CEILING_UNCACHED),
    Row(CEILING, CEILING_PATH, CACHE_ON, CEILING),
    Row(CEILING_SUBSCRIBED, CEILING_PATH, SUBSCRIBE, CEILING_SUBSCRIBED),
    Row(CEILING_UNCACHED, CEILING_PATH, CACHE_OFF, CEILING_UNCACHED),
    Row(CEILING_STOPPED, CEILING_PATH, STOPPED, CEILING_STOPPED),
    Row(EMBED_CEILING, EMBED_CEILING_PATH, CACHE_ON, EMBED_CEILING),
]  # fmt: skip
ROW = {row.name: row for row in ROWS}


@dataclass
class Result:
    """The figures of one wrk run of a row (or, in the table, its median run)."""

    name: str
    connections: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    unexpected: int
