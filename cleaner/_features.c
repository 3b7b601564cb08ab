/* cleaner._features: the text path's line feature matrix (features.py) in one pass per feature group over a
 * document's per-line counts (the line_stats matrix of _lines.scan), and the longest prose run main_run reads.
 *
 * Plain C API: the matrix is a bytearray of float64 (lines x N_FEATURES, row-major) that the Python side views with
 * numpy.frombuffer. Every value is a whole or half number, or one IEEE division of such numbers in the order
 * features.py documents: sums are exact in any order (but cohesion_win2, the mean of up to five such ratios, summed
 * in line order).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define PROSE_MIN_WORDS 10.0   /* a prose line: at least this many words and a sentence ending (by hand, not tuned) */
#define RUN_GAP_COST 8.0       /* what a non-prose line costs the longest prose run's sum (by hand: ~one sentence) */
#define FAR 1000.0             /* distance used when there is no prose line on one side */
#define SHORT_MAX_WORDS 3.0    /* a short line (short_win3): at most this many words */
#define LONG_WORD_CHARS 4      /* cohesion reads words of at least this many word characters (by hand, not tuned) */
#define COHESION_RADIUS 2      /* cohesion_win2: the mean over the lines within this radius */
#define FNV64_OFFSET 14695981039346656037ull   /* the 64-bit FNV-1a hash's constants */
#define FNV64_PRIME 1099511628211ull

/* The rows of line_stats, as _lines.c lays them out (N_STATS x lines). */
enum {
    STAT_WORDS, STAT_CHARS, STAT_NONSPACE, STAT_TERMINAL, STAT_COLON, STAT_NONWORD, STAT_DIGITS, STAT_TITLED,
    STAT_STOP, STAT_SENTENCES, STAT_COMMAS, STAT_SEPARATORS, STAT_URL, STAT_LOWER, STAT_BULLET, N_STATS
};

/* The columns of the matrix, in features.FEATURE_NAMES' order. */
enum {
    F_WORDS, F_CHARS, F_MEAN_WORD_LEN, F_TERMINAL, F_ENDS_COLON, F_NONWORD_RATIO, F_DIGIT_RATIO, F_TITLE_CASE_RATIO,
    F_STOPWORD_RATIO, F_SENTENCES, F_COMMAS, F_SEPARATORS, F_URLISH, F_STARTS_LOWER, F_STARTS_BULLET, F_REPEATS,
    F_PREV_WORDS, F_NEXT_WORDS, F_PREV_TERMINAL, F_NEXT_TERMINAL,
    F_WORDS_WIN1, F_WORDS_WIN3, F_TERMINAL_WIN3, F_STOP_WIN3, F_PROSE_WIN5,
    F_IN_RUN, F_DIST_RUN, F_DIST_RUN_REL, F_RUN_SHARE, F_RUN_LINES_REL, F_RUN_WORDS,
    F_POSITION, F_LINES, F_PROSE_BEFORE, F_PROSE_AFTER, F_DIST_PREV_PROSE, F_DIST_NEXT_PROSE,
    F_WORDS_REL_MAX, F_CHARS_REL_MEAN,
    F_WORDS_WIN2, F_WORDS_WIN5, F_PROSE_WIN2, F_PROSE_WIN10, F_STOP_WIN1, F_SHORT_WIN3, F_COHESION, F_COHESION_WIN2,
    F_FROM_HEADLINE, F_HEADLINE_REL, F_RUN_SHARE_H, F_DIST_RUN_H,
    F_BLOCK_LEN, F_BLOCK_DIST, F_BLOCK_COLON, F_BLOCK_WORDS,
    N_FEATURES
};

/* The per-line rows whose window sums the features read (prefix sums of each). */
enum { ROW_WORDS, ROW_TERMINAL, ROW_STOP, ROW_PROSE, ROW_SHORT, N_ROWS };

static int is_prose(double words, double terminal)
{
    return words >= PROSE_MIN_WORDS && terminal > 0.0;
}

/* The run of lines with the most prose words, non-prose lines costing RUN_GAP_COST each (Kadane's scan): the first
 * line with the highest total ends it, and it starts after the last lowest prefix sum up to there. prefix: scratch
 * for n + 1 sums. */
static void longest_run_of(const double *words, const double *terminal, Py_ssize_t n, double *prefix,
                           Py_ssize_t *start, Py_ssize_t *end)
{
    double lowest = 0.0, best = 0.0;
    prefix[0] = 0.0;
    *end = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (prefix[i] < lowest)
            lowest = prefix[i];
        prefix[i + 1] = prefix[i] + (is_prose(words[i], terminal[i]) ? words[i] : -RUN_GAP_COST);
        if (i == 0 || prefix[i + 1] - lowest > best) {
            best = prefix[i + 1] - lowest;
            *end = i;
        }
    }
    *start = 0;
    for (Py_ssize_t j = 1; j <= *end; j++)
        if (prefix[j] <= prefix[*start])
            *start = j;
}

/* The sum of a row over the lines within radius of line i (the line included), from the row's prefix sums. */
static double window(const double *prefix, Py_ssize_t n, Py_ssize_t i, Py_ssize_t radius)
{
    Py_ssize_t high = i + radius + 1 < n ? i + radius + 1 : n, low = i - radius > 0 ? i - radius : 0;
    return prefix[high] - prefix[low];
}

static double at_least_one(double x)
{
    return x > 1.0 ? x : 1.0;
}

/* Whether a buffer holds exactly size bytes (else a ValueError naming it). */
static int check_size(Py_buffer *view, Py_ssize_t size, const char *name)
{
    if (view->len != size) {
        PyErr_Format(PyExc_ValueError, "%s holds %zd bytes, expected %zd", name, view->len, size);
        return -1;
    }
    return 0;
}

/* The columns read from each line alone and its neighbours: counts, ratios, the lines before and after, and the
 * window sums (row, radius) over the prefix sums of the rows. */
static void local_columns(const double *stats, const double *repeats, const double *prefix, Py_ssize_t n,
                          double *out)
{
    const double *words = stats + STAT_WORDS * n, *chars = stats + STAT_CHARS * n,
                 *terminal = stats + STAT_TERMINAL * n;
    const double *pw = prefix + ROW_WORDS * (n + 1), *pt = prefix + ROW_TERMINAL * (n + 1),
                 *ps = prefix + ROW_STOP * (n + 1), *pp = prefix + ROW_PROSE * (n + 1),
                 *pshort = prefix + ROW_SHORT * (n + 1);
    double max_words = 0.0, sum_chars = 0.0;
    for (Py_ssize_t i = 0; i < n; i++) {
        max_words = i == 0 || words[i] > max_words ? words[i] : max_words;
        sum_chars += chars[i];
    }
    double words_scale = at_least_one(max_words), chars_scale = at_least_one(sum_chars / (double)n);
    for (Py_ssize_t i = 0; i < n; i++) {
        double *row = out + i * N_FEATURES, safe_words = at_least_one(words[i]), safe_chars = at_least_one(chars[i]);
        row[F_WORDS] = words[i];
        row[F_CHARS] = chars[i];
        row[F_MEAN_WORD_LEN] = stats[STAT_NONSPACE * n + i] / safe_words;
        row[F_TERMINAL] = terminal[i];
        row[F_ENDS_COLON] = stats[STAT_COLON * n + i];
        row[F_NONWORD_RATIO] = stats[STAT_NONWORD * n + i] / safe_chars;
        row[F_DIGIT_RATIO] = stats[STAT_DIGITS * n + i] / safe_chars;
        row[F_TITLE_CASE_RATIO] = stats[STAT_TITLED * n + i] / safe_words;
        row[F_STOPWORD_RATIO] = stats[STAT_STOP * n + i] / safe_words;
        row[F_SENTENCES] = stats[STAT_SENTENCES * n + i];
        row[F_COMMAS] = stats[STAT_COMMAS * n + i];
        row[F_SEPARATORS] = stats[STAT_SEPARATORS * n + i];
        row[F_URLISH] = stats[STAT_URL * n + i];
        row[F_STARTS_LOWER] = stats[STAT_LOWER * n + i];
        row[F_STARTS_BULLET] = stats[STAT_BULLET * n + i];
        row[F_REPEATS] = repeats[i];
        row[F_PREV_WORDS] = i > 0 ? words[i - 1] : 0.0;
        row[F_NEXT_WORDS] = i + 1 < n ? words[i + 1] : 0.0;
        row[F_PREV_TERMINAL] = i > 0 ? terminal[i - 1] : 0.0;
        row[F_NEXT_TERMINAL] = i + 1 < n ? terminal[i + 1] : 0.0;
        row[F_WORDS_WIN1] = window(pw, n, i, 1);
        row[F_WORDS_WIN3] = window(pw, n, i, 3);
        row[F_TERMINAL_WIN3] = window(pt, n, i, 3);
        row[F_STOP_WIN3] = window(ps, n, i, 3) / at_least_one(window(pw, n, i, 3));
        row[F_PROSE_WIN5] = window(pp, n, i, 5);
        row[F_WORDS_REL_MAX] = words[i] / words_scale;
        row[F_CHARS_REL_MEAN] = chars[i] / chars_scale;
        row[F_WORDS_WIN2] = window(pw, n, i, 2);
        row[F_WORDS_WIN5] = window(pw, n, i, 5);
        row[F_PROSE_WIN2] = window(pp, n, i, 2);
        row[F_PROSE_WIN10] = window(pp, n, i, 10);
        row[F_STOP_WIN1] = window(ps, n, i, 1) / at_least_one(window(pw, n, i, 1));
        row[F_SHORT_WIN3] = window(pshort, n, i, 3);
    }
}

/* The columns of the page's longest prose run and each line's place in the page: in the run, distance to it, the
 * run's share of the prose, the prose before and after, the nearest prose line on each side. */
static void run_columns(const double *stats, const double *prose_before, Py_ssize_t n, Py_ssize_t start,
                        Py_ssize_t end, double *out)
{
    const double *words = stats + STAT_WORDS * n, *terminal = stats + STAT_TERMINAL * n;
    double total = at_least_one(prose_before[n]), run_prose = prose_before[end + 1] - prose_before[start];
    Py_ssize_t last = -1;   /* the last prose line before line i */
    for (Py_ssize_t i = 0; i < n; i++) {
        double *row = out + i * N_FEATURES, at = (double)i;
        double dist = (start > i ? (double)(start - i) : 0.0) + (i > end ? (double)(i - end) : 0.0);
        double own = is_prose(words[i], terminal[i]) ? words[i] : 0.0;
        row[F_IN_RUN] = i >= start && i <= end ? 1.0 : 0.0;
        row[F_DIST_RUN] = dist;
        row[F_DIST_RUN_REL] = dist / (double)n;
        row[F_RUN_SHARE] = run_prose / total;
        row[F_RUN_LINES_REL] = (double)(end - start + 1) / (double)n;
        row[F_RUN_WORDS] = run_prose;
        row[F_POSITION] = at / (double)n;
        row[F_LINES] = (double)n;
        row[F_PROSE_BEFORE] = prose_before[i] / total;
        row[F_PROSE_AFTER] = (total - prose_before[i] - own) / total;
        row[F_DIST_PREV_PROSE] = last >= 0 ? at - (double)last : FAR;
        if (own > 0.0)
            last = i;
    }
    Py_ssize_t next = -1;   /* the first prose line after line i */
    for (Py_ssize_t i = n - 1; i >= 0; i--) {
        out[i * N_FEATURES + F_DIST_NEXT_PROSE] = next >= 0 ? (double)next - (double)i : FAR;
        if (is_prose(words[i], terminal[i]))
            next = i;
    }
}

/* from_headline .. dist_run_h: each line's distance after the headline (found, or line 0 if it is -1), where the
 * headline is (-1.0: not found), the share of the prose from the headline on that the longest run from there holds,
 * and each line's distance to that run (0 in it). */
static void headline_columns(const double *stats, const double *prose_before, Py_ssize_t n, Py_ssize_t found,
                             double *scratch, double *out)
{
    const double *words = stats + STAT_WORDS * n, *terminal = stats + STAT_TERMINAL * n;
    Py_ssize_t head = found > 0 ? found : 0, start, end;
    longest_run_of(words + head, terminal + head, n - head, scratch, &start, &end);
    double run = prose_before[head + end + 1] - prose_before[head + start];
    double share = run / at_least_one(prose_before[n] - prose_before[head]);
    double where = found >= 0 ? (double)found / (double)n : -1.0;
    start += head;
    end += head;
    for (Py_ssize_t i = 0; i < n; i++) {
        double *row = out + i * N_FEATURES;
        row[F_FROM_HEADLINE] = (double)(i - head);
        row[F_HEADLINE_REL] = where;
        row[F_RUN_SHARE_H] = share;
        row[F_DIST_RUN_H] = (start > i ? (double)(start - i) : 0.0) + (i > end ? (double)(i - end) : 0.0);
    }
}

/* block_len .. block_words: each line's block of like-shaped lines (shape: the first character's class bits and
 * whether it ends a sentence, equal to the line before's or the one before that's; a line ending in ':' ends a
 * block): its length, its nearest line's distance to the main run, whether a ':' line introduces it, its mean
 * words. Reads the run columns already in out. */
static void block_columns(const double *stats, const long *shape, Py_ssize_t n, double *out)
{
    const double *words = stats + STAT_WORDS * n, *colon = stats + STAT_COLON * n;
    Py_ssize_t first = 0;
    for (Py_ssize_t i = 1; i <= n; i++) {
        int same = i < n && (shape[i] == shape[i - 1] || (i >= 2 && shape[i] == shape[i - 2])) && colon[i - 1] == 0.0;
        if (same)
            continue;
        double size = (double)(i - first), dist = out[first * N_FEATURES + F_DIST_RUN], sum = 0.0;
        for (Py_ssize_t j = first; j < i; j++) {
            double d = out[j * N_FEATURES + F_DIST_RUN];
            dist = d < dist ? d : dist;
            sum += words[j];
        }
        double intro = first > 0 ? colon[first - 1] : 0.0, mean = sum / size;
        for (Py_ssize_t j = first; j < i; j++) {
            double *row = out + j * N_FEATURES;
            row[F_BLOCK_LEN] = size;
            row[F_BLOCK_DIST] = dist;
            row[F_BLOCK_COLON] = intro;
            row[F_BLOCK_WORDS] = mean;
        }
        first = i;
    }
}

/* A code point in lower case (ASCII inline: most text). */
static uint64_t folded(uint32_t code)
{
    if (code < 128)
        return code - 'A' < 26u ? code + 32u : code;
    return Py_UNICODE_TOLOWER((Py_UCS4)code);
}

/* The next word of at least LONG_WORD_CHARS word characters in codes[*at, end): its 64-bit FNV-1a hash over the
 * lower-cased code points (never 0) in *hash, *at moved past it; 0 when there is none. */
static int next_long_word(const uint32_t *codes, const uint16_t *bits, long word_bit, Py_ssize_t *at, Py_ssize_t end,
                          uint64_t *hash)
{
    Py_ssize_t p = *at;
    while (p < end) {
        while (p < end && (bits[p] & word_bit) == 0)
            p++;
        Py_ssize_t first = p;
        uint64_t h = FNV64_OFFSET;
        for (; p < end && (bits[p] & word_bit) != 0; p++)
            h = (h ^ folded(codes[p])) * FNV64_PRIME;
        if (p - first >= LONG_WORD_CHARS) {
            *at = p;
            *hash = h != 0 ? h : 1;
            return 1;
        }
    }
    *at = p;
    return 0;
}

/* One word's slot in an open-addressing table of keys (0: empty) of capacity mask + 1, claimed if it was empty. */
static Py_ssize_t slot_of(uint64_t *keys, Py_ssize_t mask, uint64_t hash)
{
    Py_ssize_t at = (Py_ssize_t)(hash & (uint64_t)mask);
    while (keys[at] != 0 && keys[at] != hash)
        at = (at + 1) & mask;
    keys[at] = hash;
    return at;
}

/* cohesion, cohesion_win2: the share of each line's distinct long words (LONG_WORD_CHARS word characters or more,
 * case folded, compared by a 64-bit hash) that some other line of the page holds too (0: none), and its mean over
 * the lines within COHESION_RADIUS. An article's paragraphs share their topic's words; teasers, legal notes and
 * link lists each speak of something else. Returns -1 (MemoryError set) if the table cannot be had. */
static int cohesion_columns(const uint32_t *codes, const uint16_t *bits, long word_bit, Py_ssize_t size,
                            const int64_t *starts, Py_ssize_t n, double *out)
{
    Py_ssize_t most = size / (LONG_WORD_CHARS + 1) + 1, capacity = 16;   /* a long word and a separator each */
    while (capacity < 2 * most)
        capacity *= 2;
    uint64_t *keys = PyMem_Calloc((size_t)capacity, sizeof(uint64_t));
    /* per slot: the last line that held the word, how many lines hold it; each long word's slot; each line's end */
    Py_ssize_t *last = PyMem_Malloc((size_t)(2 * capacity + most + n) * sizeof(Py_ssize_t));
    if (keys == NULL || last == NULL) {
        PyMem_Free(keys);
        PyMem_Free(last);
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t *lines = last + capacity, *slots = lines + capacity, *ends = slots + most, words = 0;
    uint64_t hash;
    for (Py_ssize_t k = 0; k < capacity; k++) {
        last[k] = -1;
        lines[k] = 0;
    }
    for (Py_ssize_t i = 0; i < n; i++) {   /* count the lines that hold each word */
        Py_ssize_t at = starts[i] < size ? (Py_ssize_t)starts[i] : size;
        Py_ssize_t end = i + 1 < n ? (Py_ssize_t)starts[i + 1] - 1 : size;
        while (next_long_word(codes, bits, word_bit, &at, end, &hash)) {
            Py_ssize_t k = slot_of(keys, capacity - 1, hash);
            slots[words++] = k;
            lines[k] += last[k] != i;
            last[k] = i;
        }
        ends[i] = words;
    }
    for (Py_ssize_t i = 0, w = 0; i < n; i++) {   /* each line's distinct words, and those another line holds */
        Py_ssize_t distinct = 0, shared = 0;
        for (; w < ends[i]; w++) {
            Py_ssize_t k = slots[w];
            if (last[k] == -2 - i)
                continue;
            last[k] = -2 - i;
            distinct += 1;
            shared += lines[k] >= 2;
        }
        out[i * N_FEATURES + F_COHESION] = distinct > 0 ? (double)shared / (double)distinct : 0.0;
    }
    PyMem_Free(keys);
    PyMem_Free(last);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t low = i - COHESION_RADIUS > 0 ? i - COHESION_RADIUS : 0,
                   high = i + COHESION_RADIUS < n - 1 ? i + COHESION_RADIUS : n - 1;
        double sum = 0.0;
        for (Py_ssize_t j = low; j <= high; j++)
            sum += out[j * N_FEATURES + F_COHESION];
        out[i * N_FEATURES + F_COHESION_WIN2] = sum / (double)(high - low + 1);
    }
    return 0;
}

/* features(stats, codes, bits, starts, repeats, found, shape_bits, word_bit) -> bytearray of lines x N_FEATURES
 * float64: stats the N_STATS x lines float64 line_stats rows, codes and bits the uint32 code points and uint16 class
 * bits of the document's characters (its lines joined by "\n"), starts each line's int64 start in it, repeats
 * (float64 per line) how often its text occurs in the page, found the headline's line (-1: none), shape_bits the
 * class bits that name a line's first character's shape, word_bit the one of a word character. */
static PyObject *features(PyObject *self, PyObject *args)
{
    Py_buffer views[5];
    Py_ssize_t found;
    long shape_bits, word_bit;
    int held = 0;
    PyObject *out = NULL;
    double *scratch = NULL;
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*nll", &views[0], &views[4], &views[1], &views[2], &views[3], &found,
                          &shape_bits, &word_bit))
        return NULL;
    held = 5;
    Py_ssize_t n = views[2].len / (Py_ssize_t)sizeof(int64_t), size = views[1].len / (Py_ssize_t)sizeof(uint16_t);
    if (n == 0) {
        PyErr_SetString(PyExc_ValueError, "line_features of no lines");
        goto done;
    }
    if (check_size(&views[0], N_STATS * n * (Py_ssize_t)sizeof(double), "stats") < 0
        || check_size(&views[2], n * (Py_ssize_t)sizeof(int64_t), "starts") < 0
        || check_size(&views[3], n * (Py_ssize_t)sizeof(double), "repeats") < 0
        || check_size(&views[4], size * (Py_ssize_t)sizeof(uint32_t), "codes") < 0)
        goto done;
    if (found < -1 || found >= n) {
        PyErr_SetString(PyExc_ValueError, "found must be a line index or -1");
        goto done;
    }
    const double *stats = views[0].buf, *repeats = views[3].buf;
    const uint16_t *bits = views[1].buf;
    const uint32_t *codes = views[4].buf;
    const int64_t *starts = views[2].buf;
    const double *words = stats + STAT_WORDS * n, *terminal = stats + STAT_TERMINAL * n;
    /* scratch: the rows' prefix sums, the prose words before each line, a run's prefix sums, the line shapes */
    Py_ssize_t rows = N_ROWS * (n + 1);
    scratch = PyMem_Malloc(((size_t)rows + 2 * (size_t)(n + 1) + (size_t)n) * sizeof(double));
    if (scratch == NULL || (out = PyByteArray_FromStringAndSize(NULL, n * N_FEATURES * (Py_ssize_t)sizeof(double)))
                               == NULL) {
        if (scratch == NULL)
            PyErr_NoMemory();
        goto done;
    }
    double *prefix = scratch, *prose_before = scratch + rows, *run = prose_before + (n + 1);
    long *shape = (long *)(run + (n + 1));   /* sizeof(long) <= sizeof(double) on every platform CPython runs on */
    for (int r = 0; r < N_ROWS; r++)
        prefix[r * (n + 1)] = 0.0;
    prose_before[0] = 0.0;
    for (Py_ssize_t i = 0; i < n; i++) {
        int prose = is_prose(words[i], terminal[i]);
        double values[N_ROWS] = {words[i], terminal[i], stats[STAT_STOP * n + i], prose ? 1.0 : 0.0,
                                 words[i] <= SHORT_MAX_WORDS ? 1.0 : 0.0};
        for (int r = 0; r < N_ROWS; r++)
            prefix[r * (n + 1) + i + 1] = prefix[r * (n + 1) + i] + values[r];
        prose_before[i + 1] = prose_before[i] + (prose ? words[i] : 0.0);
        long first = starts[i] >= 0 && starts[i] < size ? (long)bits[starts[i]] : 0;   /* an empty last line: 0 */
        shape[i] = (first & shape_bits) * 2 + (terminal[i] > 0.0);
    }
    Py_ssize_t start, end;
    longest_run_of(words, terminal, n, run, &start, &end);
    double *matrix = (double *)PyByteArray_AS_STRING(out);
    local_columns(stats, repeats, prefix, n, matrix);
    run_columns(stats, prose_before, n, start, end, matrix);
    headline_columns(stats, prose_before, n, found, run, matrix);
    block_columns(stats, shape, n, matrix);
    cohesion_columns(codes, bits, word_bit, size, starts, n, matrix);
done:
    if (PyErr_Occurred())
        Py_CLEAR(out);
    PyMem_Free(scratch);
    for (int i = 0; i < held; i++)
        PyBuffer_Release(&views[i]);
    return out;
}

/* longest_run(words, terminal) -> (start, end): the first and last line of the run with the most prose words
 * (words, terminal: float64 per line; a prose line has PROSE_MIN_WORDS words or more and terminal > 0). */
static PyObject *longest_run(PyObject *self, PyObject *args)
{
    Py_buffer words, terminal;
    PyObject *result = NULL;
    if (!PyArg_ParseTuple(args, "y*y*", &words, &terminal))
        return NULL;
    Py_ssize_t n = words.len / (Py_ssize_t)sizeof(double), start, end;
    double *prefix = NULL;
    if (n == 0 || check_size(&words, n * (Py_ssize_t)sizeof(double), "words") < 0
        || check_size(&terminal, words.len, "terminal") < 0) {
        if (n == 0)
            PyErr_SetString(PyExc_ValueError, "longest_run of no lines");
    } else if ((prefix = PyMem_Malloc((size_t)(n + 1) * sizeof(double))) == NULL) {
        PyErr_NoMemory();
    } else {
        longest_run_of(words.buf, terminal.buf, n, prefix, &start, &end);
        result = Py_BuildValue("nn", start, end);
    }
    PyMem_Free(prefix);
    PyBuffer_Release(&words);
    PyBuffer_Release(&terminal);
    return result;
}

static PyMethodDef methods[] = {
    {"features", features, METH_VARARGS,
     "features(stats, codes, bits, starts, repeats, found, shape_bits, word_bit): the line feature matrix "
     "(lines x N_FEATURES)."},
    {"longest_run", longest_run, METH_VARARGS,
     "longest_run(words, terminal): first and last line of the run with the most prose words."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, .m_name = "_features", .m_size = -1, .m_methods = methods};

PyMODINIT_FUNC PyInit__features(void)
{
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddIntConstant(m, "N_FEATURES", N_FEATURES) < 0 || PyModule_AddIntConstant(m, "N_STATS", N_STATS) < 0
        || PyModule_AddObject(m, "PROSE_MIN_WORDS", PyFloat_FromDouble(PROSE_MIN_WORDS)) < 0
        || PyModule_AddObject(m, "RUN_GAP_COST", PyFloat_FromDouble(RUN_GAP_COST)) < 0
        || PyModule_AddObject(m, "FAR", PyFloat_FromDouble(FAR)) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
