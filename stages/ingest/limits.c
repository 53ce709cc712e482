/* limits.c - the [ingest] config keys a run obeys; see run.h. */
#include "ingest/run.h"

int ingest_limits(const struct config *c, struct xmlin_limits *lim,
		  double *reject_ratio, size_t *examples, size_t *paths,
		  struct dip_err *err)
{
	unsigned long long text, depth, attrs, ex, np;

	if (config_ulong(c, "ingest", "max_input_bytes", &lim->max_bytes, err) ||
	    config_double(c, "ingest", "max_expansion", &lim->max_expansion,
			  err) ||
	    config_ulong(c, "ingest", "max_text_bytes", &text, err) ||
	    config_ulong(c, "ingest", "max_depth", &depth, err) ||
	    config_ulong(c, "ingest", "max_attributes", &attrs, err) ||
	    config_double(c, "ingest", "reject_ratio", reject_ratio, err) ||
	    config_ulong(c, "ingest", "report_examples", &ex, err) ||
	    config_ulong(c, "ingest", "report_paths", &np, err))
		return -1;
	*examples = (size_t)ex;
	*paths = (size_t)np;
	lim->max_text = (size_t)text;
	lim->max_depth = depth > 10000 ? 10000 : (int)depth;
	lim->max_attributes = (unsigned long)attrs;
	return 0;
}
