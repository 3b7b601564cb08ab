/* Word scanning for the quality signals and for dedup, one pass over a str each, any str kind.

   word_stats(text, stopwords): the words of Python's re `\w+` (per code point: str.isalnum() or "_"), counted,
       with the stop words among them, the characters covered by repeated word 5-grams, and the symbol "words".
   fold_hashes(lowered): a 64-bit hash of each word of dedup's folded text (runs of str.isalnum() code points of
       the lower-cased text), and the UTF-8 bytes of the words too long to hash here (blake2b in Python).
   shingles(word_hashes): 64-bit hashes of the word 5-grams.
   minhash(shingles, multipliers, increments): the MinHash signature of the shingles.
   utf8_column(values): the buffers of an Arrow string array of a list of str or None (for the writer).
   Buffers in and out hold native-endian uint64 (hashes) or uint32 (seeds, signatures). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NGRAM 5          /* quality's duplicated n-gram signal and dedup's shingles: word 5-grams */
#define LONG_WORD 64     /* dedup words longer than this (UTF-8 bytes) are hashed by blake2b in Python */
#define POLY 0x100000001B3ULL   /* combines word hashes into a shingle hash (FNV prime) */

static uint64_t mix64(uint64_t x)
{
    /* splitmix64 finaliser */
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

static int is_alnum(Py_UCS4 ch)
{
    if (ch < 128)
        return (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z');
    return Py_UNICODE_ISALNUM(ch);
}

static int is_word(Py_UCS4 ch)
{
    return ch == '_' || is_alnum(ch);
}

static size_t table_size(Py_ssize_t n)
{
    /* a power of two at least twice n: open addressing stays short */
    size_t size = 16;
    while (size < (size_t)n * 2)
        size <<= 1;
    return size;
}

typedef struct {
    Py_ssize_t *starts;     /* each word's first code point */
    Py_ssize_t *lengths;    /* each word's length in code points */
    Py_ssize_t count;
    Py_ssize_t symbols;     /* symbol "words" between them (see is_symbol) */
} Words;

static int is_symbol(Py_UCS4 ch)
{
    /* quality's one-character symbol "words": # | » « … • ► (and "...", counted in scan_words) */
    return ch == '#' || ch == '|' || ch == 0xBB || ch == 0xAB || ch == 0x2026 || ch == 0x2022 || ch == 0x25BA;
}

static int ready(PyObject *text)
{
    /* 0 when text's characters can be read (always, since Python 3.12); -1 with an exception set */
#if PY_VERSION_HEX < 0x030C0000
    return PyUnicode_READY(text);
#else
    (void)text;
    return 0;
#endif
}

static int scan_words(PyObject *text, Words *words)
{
    /* the \w+ words of text; 0, or -1 with MemoryError set */
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t size = PyUnicode_GET_LENGTH(text), capacity = size / 2 + 1, i = 0;
    words->count = 0;
    words->starts = PyMem_Malloc(capacity * sizeof(Py_ssize_t));
    words->lengths = PyMem_Malloc(capacity * sizeof(Py_ssize_t));
    if (!words->starts || !words->lengths) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t dots = 0;   /* the run of full stops so far: "..." counts as str.count does, run // 3 */
    words->symbols = 0;
    while (i < size) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch == '.') {
            dots++;
            i++;
            continue;
        }
        words->symbols += dots / 3;
        dots = 0;
        if (!is_word(ch)) {
            words->symbols += is_symbol(ch);
            i++;
            continue;
        }
        Py_ssize_t start = i;
        while (i < size && is_word(PyUnicode_READ(kind, data, i)))
            i++;
        words->starts[words->count] = start;   /* words are separated: at most size / 2 + 1 of them */
        words->lengths[words->count++] = i - start;
    }
    words->symbols += dots / 3;
    return 0;
}

static void free_words(Words *words)
{
    PyMem_Free(words->starts);
    PyMem_Free(words->lengths);
}

static uint64_t word_key(int kind, const char *data, Py_ssize_t start, Py_ssize_t length)
{
    /* FNV-1a over the word's code units, then mixed */
    uint64_t h = 0xCBF29CE484222325ULL;
    const unsigned char *p = (const unsigned char *)data + start * kind;
    for (Py_ssize_t k = 0; k < length * kind; k++)
        h = (h ^ p[k]) * POLY;
    return mix64(h);
}

static Py_ssize_t *word_ids(PyObject *text, const Words *words, Py_ssize_t *distinct, Py_ssize_t **firsts)
{
    /* each word's index among the distinct words (in order of first use); firsts: each distinct word's first
       occurrence. NULL with MemoryError set on failure. */
    int kind = PyUnicode_KIND(text);
    const char *data = PyUnicode_DATA(text);
    size_t size = table_size(words->count), mask = size - 1;
    Py_ssize_t *slots = PyMem_Malloc(size * sizeof(Py_ssize_t));       /* distinct word index + 1, 0: empty */
    Py_ssize_t *ids = PyMem_Malloc((words->count + 1) * sizeof(Py_ssize_t));
    *firsts = PyMem_Malloc((words->count + 1) * sizeof(Py_ssize_t));
    if (!slots || !ids || !*firsts) {
        PyMem_Free(slots);
        PyMem_Free(ids);
        PyMem_Free(*firsts);
        *firsts = NULL;
        PyErr_NoMemory();
        return NULL;
    }
    memset(slots, 0, size * sizeof(Py_ssize_t));
    *distinct = 0;
    for (Py_ssize_t w = 0; w < words->count; w++) {
        Py_ssize_t start = words->starts[w], length = words->lengths[w];
        size_t slot = (size_t)word_key(kind, data, start, length) & mask;
        for (;;) {
            Py_ssize_t entry = slots[slot];
            if (!entry) {
                slots[slot] = ++*distinct;
                (*firsts)[*distinct - 1] = w;
                ids[w] = *distinct - 1;
                break;
            }
            Py_ssize_t other = (*firsts)[entry - 1];
            if (words->lengths[other] == length
                    && !memcmp(data + start * kind, data + words->starts[other] * kind, (size_t)(length * kind))) {
                ids[w] = entry - 1;
                break;
            }
            slot = (slot + 1) & mask;
        }
    }
    PyMem_Free(slots);
    return ids;
}

static PyObject *lower_word(PyObject *text, Py_ssize_t start, Py_ssize_t length)
{
    /* text[start:start + length].lower(): made here when the word is ASCII, else by str.lower */
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t k = 0; k < length; k++)
        if (PyUnicode_READ(kind, data, start + k) >= 128) {
            PyObject *word = PyUnicode_Substring(text, start, start + length);
            PyObject *lower = word ? PyObject_CallMethod(word, "lower", NULL) : NULL;
            Py_XDECREF(word);
            return lower;
        }
    PyObject *lower = PyUnicode_New(length, 127);
    if (lower) {
        Py_UCS1 *out = PyUnicode_1BYTE_DATA(lower);
        for (Py_ssize_t k = 0; k < length; k++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, start + k);
            out[k] = (Py_UCS1)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
        }
    }
    return lower;
}

static Py_ssize_t stop_words(PyObject *text, const Words *words, const Py_ssize_t *ids, Py_ssize_t distinct,
                             const Py_ssize_t *firsts, PyObject *stopwords)
{
    /* how many words are in stopwords once lower-cased (each distinct word looked up once); -1 on error */
    Py_ssize_t *counts = PyMem_Calloc(distinct + 1, sizeof(Py_ssize_t)), total = 0;
    if (!counts) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t w = 0; w < words->count; w++)
        counts[ids[w]]++;
    for (Py_ssize_t d = 0; d < distinct; d++) {
        PyObject *lower = lower_word(text, words->starts[firsts[d]], words->lengths[firsts[d]]);
        int found = lower ? PySet_Contains(stopwords, lower) : -1;
        Py_XDECREF(lower);
        if (found < 0) {
            PyMem_Free(counts);
            return -1;
        }
        if (found)
            total += counts[d];
    }
    PyMem_Free(counts);
    return total;
}

static uint64_t gram_key(const Py_ssize_t *ids)
{
    /* the n-gram's word ids combined (FNV prime steps), mixed once */
    uint64_t h = (uint64_t)ids[0];
    for (int k = 1; k < NGRAM; k++)
        h = h * POLY + (uint64_t)ids[k];
    return mix64(h);
}

static Py_ssize_t repeated_gram_chars(const Words *words, const Py_ssize_t *ids)
{
    /* characters of the words covered by word 5-grams that occur more than once; -1 on MemoryError */
    Py_ssize_t grams = words->count - NGRAM + 1, total = 0, depth = 0;
    if (grams < 2)
        return 0;
    size_t size = table_size(grams), mask = size - 1;
    Py_ssize_t *slots = PyMem_Calloc(size, sizeof(Py_ssize_t));          /* first position + 1, 0: empty */
    unsigned char *repeated = PyMem_Calloc(grams, 1);
    Py_ssize_t *edges = PyMem_Calloc(words->count + 1, sizeof(Py_ssize_t));  /* +1 at a start, -1 past an end */
    if (!slots || !repeated || !edges) {
        PyMem_Free(slots);
        PyMem_Free(repeated);
        PyMem_Free(edges);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t g = 0; g < grams; g++) {
        size_t slot = (size_t)gram_key(ids + g) & mask;
        for (;;) {
            Py_ssize_t entry = slots[slot];
            if (!entry) {
                slots[slot] = g + 1;
                break;
            }
            if (!memcmp(ids + entry - 1, ids + g, NGRAM * sizeof(Py_ssize_t))) {
                repeated[entry - 1] = repeated[g] = 1;
                break;
            }
            slot = (slot + 1) & mask;
        }
    }
    for (Py_ssize_t g = 0; g < grams; g++)
        if (repeated[g]) {
            edges[g]++;
            edges[g + NGRAM]--;
        }
    for (Py_ssize_t w = 0; w < words->count; w++) {
        depth += edges[w];
        if (depth > 0)
            total += words->lengths[w];
    }
    PyMem_Free(slots);
    PyMem_Free(repeated);
    PyMem_Free(edges);
    return total;
}

static PyObject *word_stats(PyObject *self, PyObject *args)
{
    PyObject *text, *stopwords;
    Words words;
    Py_ssize_t distinct = 0, chars = 0, stops = 0, repeated = 0, *ids = NULL, *firsts = NULL;
    (void)self;
    if (!PyArg_ParseTuple(args, "UO:word_stats", &text, &stopwords) || ready(text) < 0)
        return NULL;
    if (stopwords != Py_None && !PyAnySet_Check(stopwords)) {
        PyErr_SetString(PyExc_TypeError, "stopwords must be a set, a frozenset or None");
        return NULL;
    }
    if (scan_words(text, &words) < 0)
        goto fail;
    for (Py_ssize_t w = 0; w < words.count; w++)
        chars += words.lengths[w];
    if (words.count) {
        ids = word_ids(text, &words, &distinct, &firsts);
        if (!ids)
            goto fail;
        if (stopwords != Py_None && (stops = stop_words(text, &words, ids, distinct, firsts, stopwords)) < 0)
            goto fail;
        if ((repeated = repeated_gram_chars(&words, ids)) < 0)
            goto fail;
    }
    PyMem_Free(ids);
    PyMem_Free(firsts);
    free_words(&words);
    if (stopwords == Py_None)
        return Py_BuildValue("nnOnn", words.count, chars, Py_None, repeated, words.symbols);
    return Py_BuildValue("nnnnn", words.count, chars, stops, repeated, words.symbols);
fail:
    PyMem_Free(ids);
    PyMem_Free(firsts);
    free_words(&words);
    return NULL;
}

static int utf8_put(unsigned char *out, Py_UCS4 ch)
{
    /* ch's UTF-8 bytes into out; how many */
    if (ch < 0x80) {
        out[0] = (unsigned char)ch;
        return 1;
    }
    if (ch < 0x800) {
        out[0] = (unsigned char)(0xC0 | (ch >> 6));
        out[1] = (unsigned char)(0x80 | (ch & 0x3F));
        return 2;
    }
    if (ch < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (ch >> 12));
        out[1] = (unsigned char)(0x80 | ((ch >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (ch & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (ch >> 18));
    out[1] = (unsigned char)(0x80 | ((ch >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((ch >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (ch & 0x3F));
    return 4;
}

static uint64_t little_endian(const unsigned char *bytes, Py_ssize_t count)
{
    /* up to 8 bytes as a little-endian number */
    uint64_t value = 0;
    for (Py_ssize_t k = count - 1; k >= 0; k--)
        value = (value << 8) | bytes[k];
    return value;
}

static uint64_t bytes_hash(const unsigned char *bytes, Py_ssize_t length)
{
    /* a word of at most LONG_WORD bytes: its length, then its bytes 8 at a time, each step mixed */
    uint64_t h = mix64((uint64_t)length ^ little_endian(bytes, length < 8 ? length : 8));
    for (Py_ssize_t offset = 8; offset < length; offset += 8)
        h = mix64(h ^ little_endian(bytes + offset, length - offset < 8 ? length - offset : 8));
    return h;
}

static PyObject *fold_hashes(PyObject *self, PyObject *args)
{
    PyObject *text, *hashes, *long_words = NULL;
    unsigned char buffer[LONG_WORD + 4];
    (void)self;
    if (!PyArg_ParseTuple(args, "U:fold_hashes", &text) || ready(text) < 0)
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t size = PyUnicode_GET_LENGTH(text), count = 0, i = 0;
    hashes = PyByteArray_FromStringAndSize(NULL, (size / 2 + 1) * (Py_ssize_t)sizeof(uint64_t));
    long_words = PyList_New(0);
    if (!hashes || !long_words)
        goto fail;
    uint64_t *out = (uint64_t *)PyByteArray_AS_STRING(hashes);
    while (i < size) {
        if (!is_alnum(PyUnicode_READ(kind, data, i))) {
            i++;
            continue;
        }
        Py_ssize_t start = i, length = 0;
        for (; i < size; i++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, i);
            if (!is_alnum(ch))
                break;
            if (length <= LONG_WORD)
                length += utf8_put(buffer + length, ch);
        }
        if (length <= LONG_WORD) {
            out[count++] = bytes_hash(buffer, length);
            continue;
        }
        out[count] = 0;   /* set in Python from the word's bytes */
        PyObject *word = PyUnicode_Substring(text, start, i);
        PyObject *encoded = word ? PyUnicode_AsUTF8String(word) : NULL;
        PyObject *entry = encoded ? Py_BuildValue("nO", count++, encoded) : NULL;
        Py_XDECREF(word);
        Py_XDECREF(encoded);
        if (!entry || PyList_Append(long_words, entry) < 0) {
            Py_XDECREF(entry);
            goto fail;
        }
        Py_DECREF(entry);
    }
    if (PyByteArray_Resize(hashes, count * (Py_ssize_t)sizeof(uint64_t)) < 0)
        goto fail;
    return Py_BuildValue("NN", hashes, long_words);
fail:
    Py_XDECREF(hashes);
    Py_XDECREF(long_words);
    return NULL;
}

static int get_buffer(PyObject *object, Py_buffer *view, size_t item, const char *name)
{
    /* a contiguous buffer of whole items; -1 with an exception set otherwise */
    if (PyObject_GetBuffer(object, view, PyBUF_C_CONTIGUOUS) < 0)
        return -1;
    if (view->len % (Py_ssize_t)item) {
        PyErr_Format(PyExc_ValueError, "%s: a buffer of %d-byte items expected", name, (int)item);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

static PyObject *shingles(PyObject *self, PyObject *args)
{
    PyObject *words_object, *result;
    Py_buffer view;
    (void)self;
    if (!PyArg_ParseTuple(args, "O:shingles", &words_object) || get_buffer(words_object, &view, 8, "shingles") < 0)
        return NULL;
    const uint64_t *words = view.buf;
    Py_ssize_t count = view.len / 8, width = count < NGRAM ? count : NGRAM, grams = count ? count - width + 1 : 0;
    result = PyByteArray_FromStringAndSize(NULL, grams * 8);
    if (result) {
        uint64_t *out = (uint64_t *)PyByteArray_AS_STRING(result);
        for (Py_ssize_t g = 0; g < grams; g++) {
            uint64_t combined = words[g];
            for (Py_ssize_t k = 1; k < width; k++)
                combined = combined * POLY + words[g + k];
            out[g] = mix64(combined);
        }
    }
    PyBuffer_Release(&view);
    return result;
}

static PyObject *minhash(PyObject *self, PyObject *args)
{
    PyObject *shingles_object, *multipliers_object, *increments_object, *result = NULL;
    Py_buffer values, multipliers, increments;
    (void)self;
    if (!PyArg_ParseTuple(args, "OOO:minhash", &shingles_object, &multipliers_object, &increments_object))
        return NULL;
    if (get_buffer(shingles_object, &values, 8, "minhash") < 0)
        return NULL;
    if (get_buffer(multipliers_object, &multipliers, 4, "minhash") < 0) {
        PyBuffer_Release(&values);
        return NULL;
    }
    if (get_buffer(increments_object, &increments, 4, "minhash") < 0) {
        PyBuffer_Release(&values);
        PyBuffer_Release(&multipliers);
        return NULL;
    }
    Py_ssize_t count = values.len / 8, perms = multipliers.len / 4;
    uint32_t *low = PyMem_Malloc((count + 1) * sizeof(uint32_t));
    if (increments.len / 4 != perms)
        PyErr_SetString(PyExc_ValueError, "minhash: as many increments as multipliers expected");
    else if (!low)
        PyErr_NoMemory();
    else if ((result = PyByteArray_FromStringAndSize(NULL, perms * 4))) {
        const uint64_t *hashes = values.buf;
        const uint32_t *a = multipliers.buf, *b = increments.buf;
        uint32_t *signature = (uint32_t *)PyByteArray_AS_STRING(result);
        for (Py_ssize_t s = 0; s < count; s++)
            low[s] = (uint32_t)hashes[s];   /* the low 32 bits of each shingle hash */
        Py_ssize_t p = 0;
        for (; p + 4 <= perms; p += 4) {   /* four permutations a step: independent chains keep the core busy */
            uint32_t m0 = 0xFFFFFFFFu, m1 = m0, m2 = m0, m3 = m0;
            for (Py_ssize_t s = 0; s < count; s++) {
                uint32_t x = low[s], v0 = a[p] * x + b[p], v1 = a[p + 1] * x + b[p + 1];
                uint32_t v2 = a[p + 2] * x + b[p + 2], v3 = a[p + 3] * x + b[p + 3];
                m0 = v0 < m0 ? v0 : m0;
                m1 = v1 < m1 ? v1 : m1;
                m2 = v2 < m2 ? v2 : m2;
                m3 = v3 < m3 ? v3 : m3;
            }
            signature[p] = m0;
            signature[p + 1] = m1;
            signature[p + 2] = m2;
            signature[p + 3] = m3;
        }
        for (; p < perms; p++) {
            uint32_t least = 0xFFFFFFFFu;
            for (Py_ssize_t s = 0; s < count; s++) {
                uint32_t v = a[p] * low[s] + b[p];   /* (a * x + b) mod 2^32 */
                least = v < least ? v : least;
            }
            signature[p] = least;
        }
    }
    PyMem_Free(low);
    PyBuffer_Release(&values);
    PyBuffer_Release(&multipliers);
    PyBuffer_Release(&increments);
    return result;
}

static void release_all(PyObject **objects, Py_ssize_t count)
{
    for (Py_ssize_t i = 0; i < count; i++)
        Py_XDECREF(objects[i]);
    PyMem_Free(objects);
}

static PyObject *utf8_column(PyObject *self, PyObject *values)
{
    /* the buffers of an Arrow string array: (int32 offsets, UTF-8 data, validity bitmap or None); ASCII strings
       are copied as they are, the others encoded by str.encode's own code */
    PyObject *offsets = NULL, *data = NULL, *valid = NULL, **encoded;
    (void)self;
    if (!PyList_Check(values)) {
        PyErr_SetString(PyExc_TypeError, "utf8_column: a list of str or None expected");
        return NULL;
    }
    Py_ssize_t count = PyList_GET_SIZE(values), total = 0, nulls = 0;
    encoded = PyMem_Calloc(count + 1, sizeof(PyObject *));   /* the UTF-8 bytes of each non-ASCII string */
    if (!encoded)
        return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *item = PyList_GET_ITEM(values, i);
        if (item == Py_None) {
            nulls++;
            continue;
        }
        if (!PyUnicode_Check(item) || ready(item) < 0) {
            if (!PyErr_Occurred())
                PyErr_Format(PyExc_TypeError, "utf8_column: str or None expected, not %.50s", Py_TYPE(item)->tp_name);
            goto fail;
        }
        if (PyUnicode_IS_ASCII(item))
            total += PyUnicode_GET_LENGTH(item);
        else if ((encoded[i] = PyUnicode_AsUTF8String(item)))
            total += PyBytes_GET_SIZE(encoded[i]);
        else
            goto fail;   /* a lone surrogate: UnicodeEncodeError, as str.encode raises it */
        if (total > INT32_MAX) {
            PyErr_Format(PyExc_OverflowError, "more than %d bytes of text in one Arrow string column", INT32_MAX);
            goto fail;
        }
    }
    offsets = PyByteArray_FromStringAndSize(NULL, (count + 1) * 4);
    data = PyByteArray_FromStringAndSize(NULL, total);
    valid = nulls ? PyByteArray_FromStringAndSize(NULL, (count + 7) / 8) : Py_NewRef(Py_None);
    if (!offsets || !data || !valid)
        goto fail;
    int32_t *ends = (int32_t *)PyByteArray_AS_STRING(offsets);
    char *out = PyByteArray_AS_STRING(data);
    unsigned char *bits = NULL;
    if (nulls) {
        bits = (unsigned char *)PyByteArray_AS_STRING(valid);
        memset(bits, 0, (size_t)(count + 7) / 8);
    }
    Py_ssize_t at = 0;
    ends[0] = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *item = PyList_GET_ITEM(values, i);
        if (item != Py_None) {
            if (bits)
                bits[i / 8] |= (unsigned char)(1 << (i % 8));
            Py_ssize_t size = encoded[i] ? PyBytes_GET_SIZE(encoded[i]) : PyUnicode_GET_LENGTH(item);
            if (size)
                memcpy(out + at, encoded[i] ? PyBytes_AS_STRING(encoded[i]) : (char *)PyUnicode_1BYTE_DATA(item),
                       (size_t)size);
            at += size;
        }
        ends[i + 1] = (int32_t)at;
    }
    release_all(encoded, count);
    return Py_BuildValue("NNN", offsets, data, valid);
fail:
    release_all(encoded, count);
    Py_XDECREF(offsets);
    Py_XDECREF(data);
    Py_XDECREF(valid);
    return NULL;
}

static PyMethodDef methods[] = {
    {"word_stats", word_stats, METH_VARARGS,
     "word_stats(text, stopwords) -> (words, word characters, stop words or None, characters in repeated 5-grams, "
     "symbols)"},
    {"fold_hashes", fold_hashes, METH_VARARGS,
     "fold_hashes(lowered) -> (bytearray of uint64 word hashes, [(index, utf-8 bytes) of words over 64 bytes])"},
    {"shingles", shingles, METH_VARARGS, "shingles(word_hashes) -> bytearray of uint64 word 5-gram hashes"},
    {"minhash", minhash, METH_VARARGS,
     "minhash(shingles, multipliers, increments) -> bytearray of uint32: min of (a * x + b) mod 2^32"},
    {"utf8_column", utf8_column, METH_O,
     "utf8_column(values) -> (int32 offsets, UTF-8 bytes, validity bitmap or None): an Arrow string array's buffers"},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_words", "Word scanning for quality and dedup.", -1,
                                    methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__words(void)
{
    return PyModule_Create(&module);
}
