"""Evidence review: queue, contact page, decisions (rules in review.rules), coverage."""
