package dev.parley.retrieval;

import java.util.UUID;

/**
 * One retrieved chunk with its citation and how it was found.
 *
 * @param similarity cosine similarity to the question (1 = same direction)
 * @param fusedScore reciprocal-rank-fusion score of its vector and full-text ranks
 * @param vectorRank rank among the nearest vectors, null if not among them
 * @param textRank   rank among the full-text matches, null if not among them
 * @param curated    an editor's Q&A pair close enough to count as the question asked
 * @param evidence   similar enough to the question to support an answer
 */
public record Passage(UUID chunkId, UUID documentId, String content, Citation citation, double similarity,
                      double fusedScore, Integer vectorRank, Integer textRank, boolean curated, boolean evidence) {}
