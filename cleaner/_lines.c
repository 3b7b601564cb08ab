/* cleaner._lines: the text path's line table in one pass over a document's characters (lines.py), the
 * per-line stop word counts, and the line model's tree ensemble scores (model.py).
 *
 * Plain C API: results are bytearrays that the Python side views with numpy.frombuffer.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* Character class bits; lines.py imports them and builds the class table of the code points below TABLE_SIZE. */
enum {
    WORD_CHAR = 1 << 0, DIGIT = 1 << 1, UPPER = 1 << 2, LOWER = 1 << 3, SPACE = 1 << 4, SENTENCE = 1 << 5,
    CLOSER = 1 << 6, SEPARATOR = 1 << 7, BULLET = 1 << 8, TERMINAL = 1 << 9, CJK = 1 << 10
};
#define TABLE_SIZE 0x10000          /* the Basic Multilingual Plane; one more entry classes every code point past it */
#define CJK_CHARS_PER_WORD 2.0      /* Chinese and Japanese write no spaces: this many characters count as a word */
#define EN_DASH 0x2013

/* The rows of line_stats (lines.py returns them transposed: one column each). */
enum {
    STAT_WORDS, STAT_CHARS, STAT_NONSPACE, STAT_TERMINAL, STAT_COLON, STAT_NONWORD, STAT_DIGITS, STAT_TITLED,
    STAT_STOP, STAT_SENTENCES, STAT_COMMAS, STAT_SEPARATORS, STAT_URL, STAT_LOWER, STAT_BULLET, N_STATS
};
/* The integer rows of a line table: white-space separated tokens, \w+ runs, the last character's bits and code. */
enum { COUNT_TOKENS, COUNT_WORD_RUNS, COUNT_LAST_BITS, COUNT_LAST_CODE, N_COUNTS };

/* The stop word hash table: open addressing over STOP_SLOTS entries of (length, code points). */
#define STOP_MAX_CHARS 7            /* the longest stop word has 6 */
#define STOP_SLOTS 512              /* a power of two, at least twice the number of stop words (226): fits L1 */
#define STOP_ENTRY (1 + STOP_MAX_CHARS)
#define FNV_OFFSET 2166136261u      /* the 32-bit FNV-1a hash's constants */
#define FNV_PRIME 16777619u

/* A new zero-filled bytearray of size bytes (NULL with an exception set on failure). */
static PyObject *new_bytes(Py_ssize_t size)
{
    PyObject *out = PyByteArray_FromStringAndSize(NULL, size);
    if (out != NULL && size > 0)
        memset(PyByteArray_AS_STRING(out), 0, (size_t)size);
    return out;
}

/* Whether a code point is a word character as the regex \w (str.isalnum or "_") sees it. */
static int is_word(Py_UCS4 code, uint16_t bits)
{
    return code < TABLE_SIZE ? (bits & WORD_CHAR) != 0 : Py_UNICODE_ISALNUM(code);
}

/* Every character's code and class bits: codes[p], bits[p] for p < length. */
static void classify(int kind, const void *data, Py_ssize_t length, const uint16_t *classes, uint32_t *codes,
                     uint16_t *bits)
{
#define CLASSIFY(TYPE)                                                       \
    for (Py_ssize_t p = 0; p < length; p++) {                                \
        Py_UCS4 code = ((const TYPE *)data)[p];                              \
        codes[p] = code;                                                     \
        bits[p] = classes[code < TABLE_SIZE ? code : TABLE_SIZE];            \
    }
    switch (kind) {
    case PyUnicode_1BYTE_KIND: CLASSIFY(Py_UCS1) break;
    case PyUnicode_2BYTE_KIND: CLASSIFY(Py_UCS2) break;
    default: CLASSIFY(Py_UCS4) break;
    }
#undef CLASSIFY
}

/* Whether the characters at p spell text (ASCII; the document spans 0..size-1). */
static int spells(const uint32_t *codes, Py_ssize_t size, Py_ssize_t p, const char *text)
{
    if (p < 0)
        return 0;
    for (; *text; text++, p++)
        if (p >= size || codes[p] != (uint32_t)(unsigned char)*text)
            return 0;
    return 1;
}

/* Whether the URL-like text the regex https?://|www\.|@\w|\.(?:com|de|org|net)\b finds holds the character at
 * p, one of ".:@" (every match holds one; no match crosses a "\n", so a line holds one where the regex finds one). */
static int urlish_at(const uint32_t *codes, const uint16_t *bits, Py_ssize_t size, Py_ssize_t p)
{
    static const char *domains[] = {"com", "de", "org", "net"};
    switch (codes[p]) {
    case ':':
        return spells(codes, size, p + 1, "//")
               && (spells(codes, size, p - 4, "http") || spells(codes, size, p - 5, "https"));
    case '@':
        return p + 1 < size && is_word(codes[p + 1], bits[p + 1]);
    default:   /* '.' */
        if (spells(codes, size, p - 3, "www"))
            return 1;
        for (size_t i = 0; i < sizeof domains / sizeof domains[0]; i++) {
            Py_ssize_t after = p + 1 + (Py_ssize_t)strlen(domains[i]);
            if (spells(codes, size, p + 1, domains[i]) && (after == size || !is_word(codes[after], bits[after])))
                return 1;
        }
        return 0;
    }
}

/* The counts of one line (characters start..end-1 of a document of size characters) into its column of stats
 * (N_STATS rows of n doubles) and counts (N_COUNTS rows of n int64). Before the document counts as space for
 * word starts but not for a spaced dash; after it, as space. Flags are 0 or 1, combined with & and | (few
 * branches on the text: the commonest characters take a short path). */
static void count_line(const uint32_t *codes, const uint16_t *bits, Py_ssize_t size, Py_ssize_t start,
                       Py_ssize_t end, Py_ssize_t line, Py_ssize_t n, double *stats, int64_t *counts)
{
    int64_t tokens = 0, runs = 0, nonspace = 0, nonword = 0, digits = 0, titled = 0, sentences = 0, commas = 0;
    int64_t separators = 0, cjk = 0;
    unsigned previous_space = start == 0 || (bits[start - 1] & SPACE), previous_word = 0, urlish = 0;
    for (Py_ssize_t p = start; p < end; p++) {
        unsigned b = bits[p];
        if (b == (WORD_CHAR | LOWER)) {   /* most characters: a lower-case letter changes only these counts */
            tokens += previous_space;
            runs += previous_word == 0;
            nonspace++;
            previous_space = 0;
            previous_word = 1;
            continue;
        }
        if (b == SPACE) {                 /* and a space none */
            previous_space = 1;
            previous_word = 0;
            continue;
        }
        uint32_t code = codes[p];
        unsigned after = p + 1 < size ? bits[p + 1] : SPACE;
        unsigned space = (b & SPACE) != 0, word = is_word(code, (uint16_t)b);
        unsigned word_start = (space == 0) & previous_space;
        unsigned spaced_dash = ((code == '-') | (code == EN_DASH)) & previous_space & (p > 0) & ((after & SPACE) != 0);
        tokens += word_start;
        runs += word & (previous_word == 0);
        nonspace += space == 0;
        nonword += (space == 0) & ((b & WORD_CHAR) == 0);
        digits += (b & DIGIT) != 0;
        titled += word_start & ((b & UPPER) != 0);
        sentences += ((b & SENTENCE) != 0) & ((after & (SPACE | CLOSER)) != 0);
        commas += code == ',';
        separators += ((b & SEPARATOR) != 0) | spaced_dash;
        cjk += (b & CJK) != 0;
        if ((code == '.') | (code == ':') | (code == '@'))   /* rare: a branch */
            urlish |= urlish_at(codes, bits, size, p);
        previous_space = space;
        previous_word = word;
    }
    uint16_t first = end > start ? bits[start] : 0, last = end > start ? bits[end - 1] : 0;
    uint32_t last_code = end > start ? codes[end - 1] : 0;
    double *column = stats + line;
    column[STAT_WORDS * n] = (double)tokens + (double)cjk / CJK_CHARS_PER_WORD;
    column[STAT_CHARS * n] = (double)(end - start);
    column[STAT_NONSPACE * n] = (double)nonspace;
    column[STAT_TERMINAL * n] = (last & TERMINAL) != 0;
    column[STAT_COLON * n] = last_code == ':';
    column[STAT_NONWORD * n] = (double)nonword;
    column[STAT_DIGITS * n] = (double)digits;
    column[STAT_TITLED * n] = (double)titled;
    column[STAT_SENTENCES * n] = (double)sentences;
    column[STAT_COMMAS * n] = (double)commas;
    column[STAT_SEPARATORS * n] = (double)separators;
    column[STAT_URL * n] = urlish;
    column[STAT_LOWER * n] = (first & LOWER) != 0;
    column[STAT_BULLET * n] = (first & BULLET) != 0;
    counts[COUNT_TOKENS * n + line] = tokens;
    counts[COUNT_WORD_RUNS * n + line] = runs;
    counts[COUNT_LAST_BITS * n + line] = last;
    counts[COUNT_LAST_CODE * n + line] = last_code;
}

/* scan(texts, doc, classes) -> (codes, bits, starts, lengths, counts, stats): one pass over doc, the lines texts
 * joined by "\n", with classes the uint16 class bits of code points 0..TABLE_SIZE. codes uint32 and bits uint16
 * per character; starts and lengths int64 per line; counts N_COUNTS x lines int64; stats N_STATS x lines float64
 * (the stop word row left 0). */
static PyObject *scan(PyObject *self, PyObject *args)
{
    PyObject *texts, *doc, *lines = NULL, *result = NULL;
    PyObject *out[6] = {NULL, NULL, NULL, NULL, NULL, NULL};
    Py_buffer classes;
    if (!PyArg_ParseTuple(args, "OUy*", &texts, &doc, &classes))
        return NULL;
    if (classes.len != (TABLE_SIZE + 1) * (Py_ssize_t)sizeof(uint16_t)) {
        PyErr_SetString(PyExc_ValueError, "classes must hold TABLE_SIZE + 1 uint16 values");
        goto done;
    }
    if ((lines = PySequence_Fast(texts, "texts must be a sequence of str")) == NULL)
        goto done;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(lines), size = PyUnicode_GET_LENGTH(doc), joined = n > 0 ? n - 1 : 0;
    Py_ssize_t sizes[6] = {size * 4, size * 2, n * 8, n * 8, N_COUNTS * n * 8, N_STATS * n * 8};
    for (int i = 0; i < 6; i++)
        if ((out[i] = new_bytes(sizes[i])) == NULL)
            goto done;
    int64_t *starts = (int64_t *)PyByteArray_AS_STRING(out[2]), *lengths = (int64_t *)PyByteArray_AS_STRING(out[3]);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *text = PySequence_Fast_GET_ITEM(lines, i);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "texts must be a sequence of str");
            goto done;
        }
        lengths[i] = PyUnicode_GET_LENGTH(text);
        starts[i] = i ? starts[i - 1] + lengths[i - 1] + 1 : 0;
        joined += lengths[i];
    }
    if (joined != size) {
        PyErr_SetString(PyExc_ValueError, "doc must be the texts joined by \"\\n\"");
        goto done;
    }
    uint32_t *codes = (uint32_t *)PyByteArray_AS_STRING(out[0]);
    uint16_t *bits = (uint16_t *)PyByteArray_AS_STRING(out[1]);
    classify(PyUnicode_KIND(doc), PyUnicode_DATA(doc), size, (const uint16_t *)classes.buf, codes, bits);
    for (Py_ssize_t i = 0; i < n; i++)
        count_line(codes, bits, size, starts[i], starts[i] + lengths[i], i, n,
                   (double *)PyByteArray_AS_STRING(out[5]), (int64_t *)PyByteArray_AS_STRING(out[4]));
    result = PyTuple_Pack(6, out[0], out[1], out[2], out[3], out[4], out[5]);
done:
    for (int i = 0; i < 6; i++)
        Py_XDECREF(out[i]);
    Py_XDECREF(lines);
    PyBuffer_Release(&classes);
    return result;
}

/* The hash of a word (FNV-1a over its code points): where its search in the stop word table starts. */
static uint32_t word_hash(const Py_UCS4 *chars, Py_ssize_t length)
{
    uint32_t hash = FNV_OFFSET;
    for (Py_ssize_t i = 0; i < length; i++)
        hash = (hash ^ chars[i]) * FNV_PRIME;
    return hash & (STOP_SLOTS - 1);
}

/* The entry of a word in a stop word table: the word's own, or the empty one where it would go. */
static const uint32_t *find_entry(const uint32_t *table, const Py_UCS4 *chars, Py_ssize_t length)
{
    for (uint32_t slot = word_hash(chars, length);; slot = (slot + 1) & (STOP_SLOTS - 1)) {
        const uint32_t *entry = table + slot * STOP_ENTRY;
        if (entry[0] == 0 || (entry[0] == length && memcmp(entry + 1, chars, length * sizeof(Py_UCS4)) == 0))
            return entry;
    }
}

/* stop_table(words) -> bytes: the hash table count_stopwords looks words up in (open addressing; an entry is a
 * length and up to STOP_MAX_CHARS code points), of at most STOP_SLOTS / 2 words of 1 to STOP_MAX_CHARS characters. */
static PyObject *stop_table(PyObject *self, PyObject *words)
{
    PyObject *items = PySequence_Fast(words, "words must be a sequence of str");
    if (items == NULL)
        return NULL;
    PyObject *out = NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(items);
    if (n > STOP_SLOTS / 2) {
        PyErr_SetString(PyExc_ValueError, "more stop words than STOP_SLOTS / 2: raise STOP_SLOTS in _lines.c");
        goto done;
    }
    if ((out = PyBytes_FromStringAndSize(NULL, STOP_SLOTS * STOP_ENTRY * sizeof(uint32_t))) == NULL)
        goto done;
    uint32_t *table = (uint32_t *)PyBytes_AS_STRING(out);
    memset(table, 0, STOP_SLOTS * STOP_ENTRY * sizeof(uint32_t));
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *word = PySequence_Fast_GET_ITEM(items, i);
        Py_UCS4 chars[STOP_MAX_CHARS];
        Py_ssize_t length = PyUnicode_Check(word) ? PyUnicode_GET_LENGTH(word) : 0;
        if (length < 1 || length > STOP_MAX_CHARS || PyUnicode_AsUCS4(word, chars, STOP_MAX_CHARS, 0) == NULL) {
            PyErr_SetString(PyExc_ValueError, "a stop word must be a str of 1 to STOP_MAX_CHARS characters");
            Py_CLEAR(out);
            goto done;
        }
        uint32_t *entry = (uint32_t *)find_entry(table, chars, length);
        entry[0] = (uint32_t)length;
        memcpy(entry + 1, chars, (size_t)length * sizeof(Py_UCS4));
    }
done:
    Py_DECREF(items);
    return out;
}

/* count_stopwords(lowered, tokens, table) -> bytearray of float64 per line: how many of the white-space separated
 * words of lowered (str.split()) are in the stop word table, the first tokens[0] of them on line 0, the next
 * tokens[1] on line 1, and so on (tokens: int64 per line, summing to the number of words). */
static PyObject *count_stopwords(PyObject *self, PyObject *args)
{
    PyObject *lowered, *out = NULL;
    Py_buffer tokens, table;
    Py_UCS4 *chars = NULL;
    if (!PyArg_ParseTuple(args, "Uy*y*", &lowered, &tokens, &table))
        return NULL;
    Py_ssize_t n = tokens.len / (Py_ssize_t)sizeof(int64_t), line = 0, size = PyUnicode_GET_LENGTH(lowered);
    if (table.len != STOP_SLOTS * STOP_ENTRY * (Py_ssize_t)sizeof(uint32_t)) {
        PyErr_SetString(PyExc_ValueError, "table must come from stop_table");
        goto done;
    }
    if ((out = new_bytes(n * (Py_ssize_t)sizeof(double))) == NULL || (chars = PyUnicode_AsUCS4Copy(lowered)) == NULL)
        goto fail;
    const int64_t *per_line = (const int64_t *)tokens.buf;
    double *stop = (double *)PyByteArray_AS_STRING(out);
    int64_t left = n ? per_line[0] : 0;   /* words still due on the current line */
    for (Py_ssize_t p = 0; p < size;) {
        while (p < size && Py_UNICODE_ISSPACE(chars[p]))
            p++;
        if (p == size)
            break;
        Py_ssize_t start = p;
        while (p < size && !Py_UNICODE_ISSPACE(chars[p]))
            p++;
        while (line < n && left == 0 && ++line < n)
            left = per_line[line];
        if (line == n) {
            PyErr_SetString(PyExc_ValueError, "lowered holds more words than tokens counts");
            goto fail;
        }
        left--;
        if (p - start <= STOP_MAX_CHARS && find_entry((const uint32_t *)table.buf, chars + start, p - start)[0] != 0)
            stop[line] += 1.0;
    }
    while (line < n && left == 0 && ++line < n)
        left = per_line[line];
    if (line < n) {
        PyErr_SetString(PyExc_ValueError, "lowered holds fewer words than tokens counts");
        goto fail;
    }
    goto done;
fail:
    Py_CLEAR(out);
done:
    PyMem_Free(chars);
    PyBuffer_Release(&tokens);
    PyBuffer_Release(&table);
    return out;
}

/* Borrow a C-contiguous buffer of ndim dimensions of float64 (kind 'f') or int64 (kind 'i') items. */
static int get_array(PyObject *obj, Py_buffer *view, int ndim, char kind, const char *name)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
        return -1;
    const char *format = view->format ? view->format : "B";   /* native byte order: one character */
    int ok = view->ndim == ndim && view->itemsize == 8 && strlen(format) == 1
             && (kind == 'f' ? format[0] == 'd' : (format[0] == 'l' || format[0] == 'q'));
    if (!ok) {
        PyErr_Format(PyExc_TypeError, "%s must be a %d-D C-contiguous %s array", name, ndim,
                     kind == 'f' ? "float64" : "int64");
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* numpy's pairwise sum of n doubles (its float64 add.reduce along a contiguous axis): the same order, the same
 * rounding. */
static double pairwise_sum(const double *a, Py_ssize_t n)
{
    enum { UNROLL = 8, BLOCK = 128 };   /* numpy's unroll factor and PW_BLOCKSIZE */
    if (n < UNROLL) {
        double sum = 0.0;
        for (Py_ssize_t i = 0; i < n; i++)
            sum += a[i];
        return sum;
    }
    if (n <= BLOCK) {
        double r[UNROLL];
        Py_ssize_t i;
        for (int j = 0; j < UNROLL; j++)
            r[j] = a[j];
        for (i = UNROLL; i < n - n % UNROLL; i += UNROLL)
            for (int j = 0; j < UNROLL; j++)
                r[j] += a[i + j];
        double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++)
            sum += a[i];
        return sum;
    }
    Py_ssize_t half = n / 2;
    half -= half % UNROLL;
    return pairwise_sum(a, half) + pairwise_sum(a + half, n - half);
}

enum { LANES = 8 };   /* lines walked through a tree together: independent walks the CPU overlaps */

/* scores(features, feature, threshold, child, value, roots, depth, init) -> bytearray of float64 per line: init
 * plus the leaf values a line (row of features) reaches in each tree, walking depth steps from each root (node h
 * goes to child[h], or the next node when the line's feature[h] > threshold[h]), summed as numpy sums. */
static PyObject *scores(PyObject *self, PyObject *args)
{
    PyObject *objects[6], *out = NULL;
    Py_buffer views[6];
    int depth, held = 0;
    double init, *leaves = NULL;
    static const char *names[6] = {"features", "feature", "threshold", "child", "value", "roots"};
    static const char kinds[6] = {'f', 'i', 'f', 'i', 'f', 'i'};
    if (!PyArg_ParseTuple(args, "OOOOOOid", &objects[0], &objects[1], &objects[2], &objects[3], &objects[4],
                          &objects[5], &depth, &init))
        return NULL;
    for (; held < 6; held++)
        if (get_array(objects[held], &views[held], held ? 1 : 2, kinds[held], names[held]) < 0)
            goto done;
    const double *x = views[0].buf, *threshold = views[2].buf, *value = views[4].buf;
    const int64_t *feature = views[1].buf, *child = views[3].buf, *roots = views[5].buf;
    Py_ssize_t n_lines = views[0].shape[0], n_features = views[0].shape[1], n_nodes = views[1].shape[0];
    Py_ssize_t n_trees = views[5].shape[0];
    if (depth < 0 || views[2].shape[0] != n_nodes || views[3].shape[0] != n_nodes || views[4].shape[0] != n_nodes) {
        PyErr_SetString(PyExc_ValueError, "depth must be >= 0 and feature, threshold, child, value one per node");
        goto done;
    }
    if ((out = new_bytes(n_lines * (Py_ssize_t)sizeof(double))) == NULL)
        goto done;
    if ((leaves = PyMem_Malloc((size_t)(n_trees ? n_trees : 1) * LANES * sizeof(double))) == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    double *result = (double *)PyByteArray_AS_STRING(out);
    for (Py_ssize_t first = 0; first < n_lines; first += LANES) {
        const double *rows[LANES];   /* past the last line, lanes walk it again (their leaves are not summed) */
        for (int k = 0; k < LANES; k++)
            rows[k] = x + (first + k < n_lines ? first + k : n_lines - 1) * n_features;
        for (Py_ssize_t tree = 0; tree < n_trees; tree++) {
            int64_t node[LANES];
            for (int k = 0; k < LANES; k++)
                node[k] = roots[tree];
            for (int step = 0; step < depth; step++)
                for (int k = 0; k < LANES; k++) {
                    if ((uint64_t)node[k] >= (uint64_t)n_nodes || (uint64_t)feature[node[k]] >= (uint64_t)n_features)
                        goto out_of_range;
                    node[k] = child[node[k]] + (rows[k][feature[node[k]]] > threshold[node[k]]);
                }
            for (int k = 0; k < LANES; k++) {
                if ((uint64_t)node[k] >= (uint64_t)n_nodes)
                    goto out_of_range;
                leaves[k * n_trees + tree] = value[node[k]];
            }
        }
        for (int k = 0; k < LANES && first + k < n_lines; k++)   /* numpy's sum starts from 0.0 */
            result[first + k] = init + (0.0 + pairwise_sum(leaves + k * n_trees, n_trees));
    }
    goto done;
out_of_range:
    PyErr_SetString(PyExc_ValueError, "a tree's node or feature index is out of range");
fail:
    Py_CLEAR(out);
done:
    PyMem_Free(leaves);
    for (int i = 0; i < held; i++)
        PyBuffer_Release(&views[i]);
    return out;
}

static PyMethodDef methods[] = {
    {"scan", scan, METH_VARARGS, "scan(texts, doc, classes): a document's character table and per-line counts."},
    {"stop_table", stop_table, METH_O, "stop_table(words): the stop word hash table count_stopwords reads."},
    {"count_stopwords", count_stopwords, METH_VARARGS,
     "count_stopwords(lowered, tokens, table): stop words per line (float64)."},
    {"scores", scores, METH_VARARGS,
     "scores(features, feature, threshold, child, value, roots, depth, init): tree ensemble log-odds per line."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, .m_name = "_lines", .m_size = -1, .m_methods = methods};

PyMODINIT_FUNC PyInit__lines(void)
{
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    const struct { const char *name; long value; } constants[] = {
        {"WORD_CHAR", WORD_CHAR}, {"DIGIT", DIGIT}, {"UPPER", UPPER}, {"LOWER", LOWER}, {"SPACE", SPACE},
        {"SENTENCE", SENTENCE}, {"CLOSER", CLOSER}, {"SEPARATOR", SEPARATOR}, {"BULLET", BULLET},
        {"TERMINAL", TERMINAL}, {"CJK", CJK}, {"TABLE_SIZE", TABLE_SIZE}, {"N_STATS", N_STATS},
        {"STAT_STOP", STAT_STOP}, {"STAT_URL", STAT_URL}, {"N_COUNTS", N_COUNTS}, {"COUNT_TOKENS", COUNT_TOKENS},
        {"COUNT_WORD_RUNS", COUNT_WORD_RUNS}, {"COUNT_LAST_BITS", COUNT_LAST_BITS},
        {"COUNT_LAST_CODE", COUNT_LAST_CODE},
    };
    for (size_t i = 0; i < sizeof constants / sizeof constants[0]; i++)
        if (PyModule_AddIntConstant(m, constants[i].name, constants[i].value) < 0) {
            Py_DECREF(m);
            return NULL;
        }
    return m;
}
