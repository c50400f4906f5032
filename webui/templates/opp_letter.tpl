{{%AUTOESCAPE context="HTML"}}<p class="no-print"><a href="/console/oppositions/{{REFERENCE}}">← Retour à l'opposition</a>. Imprimez cette page (Ctrl+P) pour l'envoyer. Rien de cette lettre n'est enregistré : préparez-la de nouveau si besoin.</p>
<article class="letter" id="letter">
<p class="letter-head">{{CONTROLLER_NAME}}<br>Entrepôt de données de santé CONTACT</p>
<p class="letter-sender">Délégué à la protection des données<br>{{DPO_POSTAL_ADDRESS}}</p>
<p class="letter-address" id="letter-address"><span id="letter-name">{{NAME}}</span>{{#BIRTH_NAME}} (née ou né {{TEXT}}){{/BIRTH_NAME}}<br>{{#ADDRESS}}{{#LINE}}{{TEXT}}{{#LINE_separator}}<br>{{/LINE_separator}}{{/LINE}}{{/ADDRESS}}{{#NO_ADDRESS}}<span class="no-print alert alert-error" role="alert">Aucune adresse de contact n'a été donnée : complétez l'adresse à la main.</span>{{/NO_ADDRESS}}</p>
<p class="letter-meta">Référence&nbsp;: <strong class="mono" id="letter-reference">{{REFERENCE}}</strong><br>Le {{TODAY}}</p>
<h1>Objet&nbsp;: confirmation de votre opposition</h1>
<p>Madame, Monsieur,</p>
<p>Nous avons bien reçu votre opposition {{CHANNEL_SENTENCE}}, le {{RECEIVED_WORDS}}{{#FOR_SOMEONE_ELSE}}, faite pour la personne nommée ci-dessus{{/FOR_SOMEONE_ELSE}}. Elle est enregistrée sous la référence <strong class="mono">{{REFERENCE}}</strong> et {{#EFFECTIVE_NOW}}elle est en vigueur depuis le {{EFFECTIVE_WORDS}}{{/EFFECTIVE_NOW}}{{#WITHDRAWN}}elle a été retirée le {{WITHDRAWN_WORDS}}{{/WITHDRAWN}}.</p>
<h2>Ce que votre opposition change</h2>
{{#SCOPE_PROFESSIONAL}}<p>Votre identifiant (numéro RPPS) est retiré des données de l'entrepôt CONTACT transmises aux projets ; les dossiers des patients sont conservés.</p>{{/SCOPE_PROFESSIONAL}}{{#SCOPE_ALL}}<p>Vos données ne seront plus utilisées par l'entrepôt CONTACT&nbsp;: aucune nouvelle donnée vous concernant n'y est intégrée, et celles qui s'y trouvaient déjà sont supprimées.</p>{{/SCOPE_ALL}}
{{#SCOPE_PROJECT}}<p>Vos données ne seront pas utilisées pour le projet {{PROJECT_REF}}. Elles restent dans l'entrepôt CONTACT pour ses autres usages&nbsp;; si vous souhaitez refuser toute utilisation, écrivez-nous.</p>{{/SCOPE_PROJECT}}
{{#PATIENT_CARE}}<p>Votre opposition ne change rien à vos soins ni à vos remboursements.</p>{{/PATIENT_CARE}}
<h2>Si vous changez d'avis</h2>
<p>Vous pouvez retirer votre opposition à tout moment en nous écrivant à l'adresse ci-dessus et en rappelant la référence de cette lettre.</p>
<p>Pour toute question, vous pouvez écrire au délégué à la protection des données (adresse ci-dessus, {{DPO_EMAIL}}, {{DPO_PHONE}}). Vous pouvez aussi adresser une réclamation à la Commission nationale de l'informatique et des libertés (CNIL), 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, ou sur www.cnil.fr.</p>
<p>Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.</p>
<p class="signature">{{SIGNATORY}}<br>Délégué à la protection des données</p>
</article>
