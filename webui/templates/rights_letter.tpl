{{%AUTOESCAPE context="HTML"}}<p class="no-print"><a href="/console/droits/{{REFERENCE}}">← Retour à la demande</a>. Imprimez cette page (Ctrl+P) pour l'envoyer. Rien de cette lettre n'est enregistré : préparez-la de nouveau si besoin.</p>
<article class="letter" id="letter" data-kind="{{KIND}}">
<p class="letter-head">{{CONTROLLER_NAME}}<br>Entrepôt de données de santé CONTACT</p>
<p class="letter-sender">Délégué à la protection des données<br>{{DPO_POSTAL_ADDRESS}}</p>
<p class="letter-address" id="letter-address"><span id="letter-name">{{NAME}}</span>{{#BIRTH_NAME}} (née ou né {{TEXT}}){{/BIRTH_NAME}}<br>{{#ADDRESS}}{{#LINE}}{{TEXT}}{{#LINE_separator}}<br>{{/LINE_separator}}{{/LINE}}{{/ADDRESS}}{{#NO_ADDRESS}}<span class="no-print alert alert-error" role="alert">Aucune adresse n'a été donnée : complétez l'adresse à la main.</span>{{/NO_ADDRESS}}</p>
<p class="letter-meta">Référence&nbsp;: <strong class="mono" id="letter-reference">{{REFERENCE}}</strong><br>Le {{TODAY}}</p>
<h1>Objet&nbsp;: {{TITLE}} — votre demande d'exercice du {{TYPE_LABEL}}</h1>
<p>Madame, Monsieur,</p>
<p>Vous nous avez adressé le {{RECEIVED_WORDS}} une demande d'exercice du {{TYPE_LABEL}} ({{ARTICLE}}){{#ON_BEHALF}} concernant {{PERSON}}{{/ON_BEHALF}}, à propos de l'entrepôt de données de santé CONTACT. Elle est enregistrée sous la référence <strong class="mono">{{REFERENCE}}</strong>, à rappeler dans toute correspondance.</p>
{{#ACKNOWLEDGEMENT}}<div id="letter-body"><p>Nous en accusons réception. Nous vous répondrons dans les meilleurs délais et au plus tard le <strong>{{DEADLINE_WORDS}}</strong>. Si votre demande devait nécessiter un délai supplémentaire, en raison de sa complexité ou du nombre de demandes, nous vous en informerions avant cette date, avec le motif (article 12.3 du RGPD).</p>
<p>Cette démarche est gratuite.</p></div>{{/ACKNOWLEDGEMENT}}
{{#IDENTITY}}<div id="letter-body"><p>Pour protéger vos données, nous devons nous assurer que la demande émane bien de la personne concernée, ou de la personne habilitée à la représenter, avant d'y répondre (article 12.6 du RGPD). Nous vous remercions de nous faire parvenir, à l'adresse ci-dessus, un justificatif permettant d'établir votre identité{{#ON_BEHALF}} et votre qualité pour agir au nom de {{PERSON}} (livret de famille, jugement de tutelle, acte de notoriété ou mandat){{/ON_BEHALF}}.</p>
<p>Ce justificatif ne sert qu'à vérifier votre identité : il n'est pas conservé. Seul le fait que l'identité a été vérifiée est enregistré.</p>
<p>Conformément à l'article 77 du décret n° 2019-536 du 29 mai 2019, le délai de réponse est suspendu jusqu'à la réception de ce justificatif.</p></div>{{/IDENTITY}}
{{#ANSWER}}<div id="letter-body"><p>Voici la réponse à votre demande&nbsp;:</p>
<blockquote>{{#SUMMARY}}{{#LINE}}<p>{{TEXT}}</p>{{/LINE}}{{/SUMMARY}}</blockquote>
{{#ACCESS}}<p>Le détail des accès à vos données (projets, organismes, finalités, dates) figure dans le relevé joint.</p>{{/ACCESS}}</div>{{/ANSWER}}
{{#REFUSAL}}<div id="letter-body"><p>Nous ne pouvons pas donner suite à votre demande, pour le motif suivant&nbsp;:</p>
<blockquote>{{#REASON}}{{#LINE}}<p>{{TEXT}}</p>{{/LINE}}{{/REASON}}</blockquote>
<p>Fondement&nbsp;: {{GROUND}}.</p></div>{{/REFUSAL}}
{{#EXTENSION}}<div id="letter-body"><p>Votre demande nécessite un délai supplémentaire de deux mois (article 12.3 du RGPD), pour le motif suivant&nbsp;:</p>
<blockquote>{{#REASON}}{{#LINE}}<p>{{TEXT}}</p>{{/LINE}}{{/REASON}}</blockquote>
<p>Nous vous répondrons au plus tard le <strong>{{DEADLINE_WORDS}}</strong>.</p></div>{{/EXTENSION}}
<p>Vous pouvez introduire une réclamation auprès de la Commission nationale de l'informatique et des libertés (CNIL), 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, ou sur www.cnil.fr, et former un recours juridictionnel. Pour toute question, écrivez au délégué à la protection des données (adresse ci-dessus, {{DPO_EMAIL}}, {{DPO_PHONE}}).</p>
<p>Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.</p>
<p class="signature">{{SIGNATORY}}<br>Délégué à la protection des données</p>
</article>
