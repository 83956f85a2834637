/**
 * The in-process named-entity recognizer: {@link dev.switchboard.guard.ner.NamedEntityRecognizer}
 * finds PERSON, LOCATION and ORGANIZATION with a linear-chain tagger trained by Switchboard on
 * openly licensed data and shipped in this jar, and NRP and TITLE with word lists. The training
 * recipe, data licences and measured accuracy are in {@code docs/pii-ner-model.md}.
 */
package dev.switchboard.guard.ner;
