/*
 * The one hash table (hashtab.h): entries found by hash and key, the
 * table grown past three quarters full, and of entries with one key the
 * first added found first, before and after growth, even when their run
 * of slots wraps round the end of the array.
 */
#include "dip/hashtab.h"
#include "tap.h"

#include <stdint.h>
#include <stdlib.h>

/* The key is an int; entry id holds key[id - 1] of this array. */
static int keys[100000];

static int same_int(const void *key, uint32_t id)
{
	return keys[id - 1] == *(const int *)key;
}

/* Any entry whose key is odd: several match. */
static int odd(const void *key, uint32_t id)
{
	(void)key;
	return keys[id - 1] % 2 != 0;
}

int main(void)
{
	struct hashtab t;
	uint32_t n = 0, id;
	size_t at, nslot;
	int k, all;

	plan(11);

	hashtab_init(&t, 12);
	is_int(16, (long)(t.mask + 1), "room for 12 entries is 16 slots");
	hashtab_release(&t);

	/* Three entries with the hash of the last slot: they take slots
	 * 15, 0 and 1, a run that wraps round. */
	hashtab_init(&t, 1);
	for (k = 1; k <= 5; k += 2) {
		keys[n] = k;
		hashtab_add(&t, 15, ++n);
	}
	is_int(1, (long)hashtab_find(&t, 15, odd, NULL, NULL),
	       "of several matches the first added is found");
	id = hashtab_find(&t, 15, same_int, &(int){ 5 }, NULL);
	is_int(3, (long)id, "an entry past the wrap is found");
	/* Ten more, elsewhere: the thirteenth entry passes three quarters
	 * of 16 slots and the table doubles. */
	for (k = 0; k < 10; k++) {
		keys[n] = 2 * (k + 10);
		hashtab_add(&t, (uint32_t)(k + 3), ++n);
	}
	is_int(32, (long)(t.mask + 1), "the thirteenth entry doubles the table");
	is_int(1, (long)hashtab_find(&t, 15, odd, NULL, NULL),
	       "the first added is still found first after growth");
	hashtab_release(&t);

	/* Many entries, with a real hash: each found, a missing one not,
	 * and the slot given for it is empty. */
	hashtab_init(&t, 0);
	n = 0;
	for (k = 0; k < 100000; k++) {
		uint32_t h = hash_end(hash_add(HASH_START, (uint64_t)k));

		if (hashtab_find(&t, h, same_int, &k, &at))
			break;
		keys[n] = k;
		hashtab_add_at(&t, at, h, ++n);
	}
	is_int(100000, (long)t.n, "100000 distinct keys added");
	all = 1;
	for (k = 0; k < 100000; k++)
		if (hashtab_find(&t, hash_end(hash_add(HASH_START, (uint64_t)k)),
				 same_int, &k, NULL) != (uint32_t)k + 1)
			all = 0;
	ok(all, "every key finds its own entry");
	k = -1;
	id = hashtab_find(&t, hash_end(hash_add(HASH_START, (uint64_t)k)),
			  same_int, &k, &at);
	ok(id == 0 && t.slot[at].id == 0, "a missing key: 0 and an empty slot");
	ok(t.n * 4 <= (t.mask + 1) * 3, "never more than three quarters full");

	nslot = t.mask + 1;
	hashtab_clear(&t);
	ok(t.n == 0 && t.mask + 1 == nslot &&
	   !hashtab_find(&t, hash_end(hash_add(HASH_START, 7)), same_int,
			 &(int){ 7 }, NULL),
	   "clear forgets the entries, keeps the slots");
	hashtab_release(&t);

	/* Pointers 16 bytes apart differ only above their low four bits:
	 * the hash must still spread them over the low bits. */
	{
		static char buf[16 * 1024];
		int used[1024] = { 0 }, distinct = 0;

		for (k = 0; k < 1024; k++) {
			const char *p = buf + 16 * k;

			used[hash_addrs(&p, 1) & 1023] = 1;
		}
		for (k = 0; k < 1024; k++)
			distinct += used[k];
		/* Random placement fills 1 - 1/e of them: 647 of 1024. */
		ok(distinct > 550, "aligned addresses fill %d of 1024 buckets",
		   distinct);
	}
	return 0;
}
