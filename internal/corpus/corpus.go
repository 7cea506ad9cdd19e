// Package corpus holds the golden tests of the corpus of published self-assessment forms in
// docs/corpus (docs/corpus/SOURCES.md): real 财政项目支出绩效自评表 from several provinces,
// each kept as the text copied from its page (source.txt), a hand transcription in the JSON
// interchange format (form.json) and what the form prints and where it breaks its own rules
// (meta.json).
//
// The tests score every transcription and compare the figures with the printed ones, assert
// the problem codes the product reports for each published inconsistency, and read every
// source.txt with the text reader and compare it with the transcription, field by field.
// What the reader still gets wrong is listed in docs/corpus/READER_GAPS.md; run
//
//	go test ./internal/corpus -update
//
// to rewrite the golden figures of meta.json and READER_GAPS.md after a deliberate change.
// The package has no code of its own.
package corpus
